package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.annotate.AnnotateOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distillery stats} beside a running serve: the same figures as {@code /api/overview}. */
class StatsCommandTest {
  private static final String TOKEN = "s3cret-token";

  @TempDir Path dir;
  Serving serving;

  @AfterEach
  void stop() {
    if (serving != null) {
      serving.close();
    }
  }

  private CliHarness.Result cli(String... args) {
    return new CliHarness(dir).run(args);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            request.header("Authorization", "Bearer " + TOKEN).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_print_the_same_figures_as_the_served_overview_while_serve_holds_the_store()
      throws Exception {
    assertEquals(0, cli("demo", "--attempts", "2").exitCode());
    String runId =
        Json.MAPPER
            .readTree(cli("runs", "--json", "-n", "1").out().lines().findFirst().orElseThrow())
            .get("id")
            .asText();
    serving =
        Serving.start(
            dir.resolve("distillery.duckdb"),
            "127.0.0.1",
            0,
            new AnnotateOptions("tester", TOKEN),
            new PrintWriter(new StringWriter()));
    HttpResponse<String> labelled =
        send(
            HttpRequest.newBuilder(serving.url().resolve("api/runs/" + runId + "/annotations"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"label\":\"incorrect\",\"tags\":[\"loops\"]}")));
    assertEquals(201, labelled.statusCode(), labelled.body());

    for (String[] query :
        new String[][] {{"", ""}, {"task=fix-sum-script", "--task=fix-sum-script"}}) {
      CliHarness.Result stats =
          query[1].isEmpty() ? cli("stats", "--json") : cli("stats", "--json", query[1]);
      assertEquals(0, stats.exitCode(), stats.err());
      HttpResponse<String> served =
          send(HttpRequest.newBuilder(serving.url().resolve("api/overview?" + query[0])).GET());
      assertEquals(200, served.statusCode(), served.body());
      JsonNode local = Json.MAPPER.readTree(stats.out());
      assertEquals(Json.MAPPER.readTree(served.body()), local);
      assertTrue(local.get("runs").asLong() > 0, stats.out());
    }
    JsonNode all = Json.MAPPER.readTree(cli("stats", "--json").out());
    assertEquals(8, all.get("runs").asLong());
    assertEquals("loops", all.get("failureTags").get(0).get("name").asText());
    assertEquals(1, all.get("coverage").get(0).get("counts").get("incorrect").asLong());
    StringBuilder sources = new StringBuilder();
    all.get("coverage").forEach(c -> sources.append(c.get("source").asText()).append(' '));
    assertEquals("people judge check ", sources.toString());
    assertEquals(0, all.get("judgeAgreement").get("runs").asLong());
  }

  @Test
  void should_draw_bars_in_the_terminal_and_refuse_a_date_it_cannot_read() {
    assertEquals(0, cli("demo", "--attempts", "1").exitCode());
    CliHarness.Result stats = cli("stats");
    assertEquals(0, stats.exitCode(), stats.err());
    assertTrue(stats.out().startsWith("4 runs"), stats.out());
    assertTrue(stats.out().contains("TASKS"), stats.out());
    assertTrue(stats.out().contains("█"), stats.out());
    assertTrue(stats.out().contains("EXPORT NOW"), stats.out());
    assertEquals(0, cli("stats", "--since", "2999-01-01").exitCode());
    assertTrue(cli("stats", "--since", "2999-01-01").out().startsWith("0 runs"));
    assertEquals(2, cli("stats", "--since", "soon").exitCode());
  }
}
