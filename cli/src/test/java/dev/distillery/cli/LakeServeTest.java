package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.store.lake.Lake;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --lake}: people label a copy of the lake, and their labels flow back to it. */
class LakeServeTest {
  @TempDir Path dir;

  private String firstRunId(CliHarness cli) {
    CliHarness.Result ids =
        cli.run("sql", "--lake", "lake", "--format", "csv", "select id from runs order by id");
    assertEquals(0, ids.exitCode(), ids.err());
    return ids.out().lines().skip(1).findFirst().orElseThrow();
  }

  private String labels(CliHarness cli) {
    CliHarness.Result labels =
        cli.run(
            "sql",
            "--lake",
            "lake",
            "--format",
            "csv",
            "select run_id, author, label from annotations order by created_at");
    assertEquals(0, labels.exitCode(), labels.err());
    return labels.out();
  }

  @Test
  void should_push_the_labels_made_in_the_served_lake_back_to_it_when_serve_stops()
      throws Exception {
    CliHarness cli = ScriptedSuite.in(dir);
    CliHarness.Result run = ScriptedSuite.run(cli, "s.duckdb", "--shard", "1/1", "--lake", "lake");
    assertEquals(0, run.exitCode(), run.err());
    String runId = firstRunId(cli);
    Lake lake = new Lake(dir.resolve("lake"));
    Path copy = lake.copy();
    StringWriter err = new StringWriter();
    try (Serving serving =
            Serving.start(
                copy, "127.0.0.1", 0, new AnnotateOptions("alice", null), new PrintWriter(err));
        LakeLabelPush back =
            LakeLabelPush.start(lake, serving.store(), Duration.ofHours(1), new PrintWriter(err))) {
      HttpResponse<String> labelled =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          serving.url().resolve("/api/runs/" + runId + "/annotations"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"incorrect\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(201, labelled.statusCode(), labelled.body());
      assertFalse(labels(cli).contains("alice"), "not in the lake before a push");
      back.close();
      assertTrue(err.toString().contains("pushed 1 label(s) to lake"), err.toString());
      assertEquals(0, back.push(), "a second push adds nothing");
    } finally {
      Files.deleteIfExists(copy);
    }
    assertEquals("run_id,author,label\n" + runId + ",alice,incorrect\n", labels(cli));
  }

  @Test
  void should_refuse_to_serve_a_lake_and_a_store_or_a_lake_that_is_not_there() {
    CliHarness cli = new CliHarness(dir);
    CliHarness.Result both = cli.run("serve", "--store", "x.duckdb", "--lake", "lake");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().startsWith("distillery: --store and --lake: give one"), both.err());
    CliHarness.Result proxy = cli.run("serve", "--lake", "lake", "--upstream", "openai");
    assertEquals(2, proxy.exitCode());
    assertTrue(proxy.err().startsWith("distillery: --upstream and --lake"), proxy.err());
    CliHarness.Result none = cli.run("serve", "--lake", "nolake");
    assertEquals(1, none.exitCode());
    assertEquals("distillery: no lake at " + dir.resolve("nolake"), none.err().strip());
  }
}
