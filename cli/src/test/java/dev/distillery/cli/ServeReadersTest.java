package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reading commands beside a running {@code distillery serve}, over real HTTP. */
class ServeReadersTest {
  private static final String TOKEN = "s3cret-token";

  @TempDir Path dir;
  Serving serving;

  @AfterEach
  void stop() {
    if (serving != null) {
      serving.close();
    }
  }

  private Path store() {
    return dir.resolve("distillery.duckdb");
  }

  private CliHarness.Result cli(String... args) {
    return new CliHarness(dir).run(args);
  }

  private Serving serve() throws InterruptedException {
    serving =
        Serving.start(
            store(),
            "127.0.0.1",
            0,
            new AnnotateOptions("tester", TOKEN),
            new PrintWriter(new StringWriter()));
    return serving;
  }

  private HttpResponse<String> post(String path, String body, boolean withToken) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(serving.url().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (withToken) {
      request.header("Authorization", "Bearer " + TOKEN);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> snapshotsLeft() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".snapshot-"))
          .toList();
    }
  }

  @Test
  void should_answer_every_table_and_view_through_serve_as_the_file_itself_does() throws Exception {
    assertEquals(0, cli("demo", "--attempts", "1").exitCode());
    String runId = firstRunId(cli("runs", "--json").out());
    serve();
    assertEquals(
        201,
        post("api/runs/" + runId + "/annotations", "{\"label\":\"correct\",\"tags\":[\"x\"]}", true)
            .statusCode());
    CliHarness.Result names =
        cli(
            "sql",
            "--format",
            "csv",
            "select table_name from information_schema.tables order by 1");
    assertEquals(0, names.exitCode(), names.err());
    List<String> relations = names.out().lines().skip(1).toList();
    List<String> served = new ArrayList<>();
    for (String relation : relations) {
      CliHarness.Result rows = cli("sql", "--format", "json", query(relation));
      assertEquals(0, rows.exitCode(), relation + ": " + rows.err());
      served.add(rows.out());
    }
    serving.close();

    for (int i = 0; i < relations.size(); i++) {
      CliHarness.Result local = cli("sql", "--format", "json", query(relations.get(i)));
      assertEquals(0, local.exitCode(), local.err());
      assertSameRows(local.out(), served.get(i), relations.get(i));
    }
    assertTrue(relations.size() > 15, relations.toString());
    assertTrue(served.stream().filter(rows -> !rows.isEmpty()).count() > 10, "rows to compare");
  }

  /**
   * Row by row, value by value; numbers by value, since JSON has one kind of number and a DECIMAL
   * 1.0 may come back as 1 (or 1.50 as 1.5).
   */
  private static void assertSameRows(String local, String served, String relation)
      throws Exception {
    List<String> localRows = local.lines().toList();
    List<String> servedRows = served.lines().toList();
    assertEquals(localRows.size(), servedRows.size(), relation);
    Comparator<JsonNode> sameValue =
        (a, b) ->
            a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue())
                : a.equals(b) ? 0 : 1;
    for (int i = 0; i < localRows.size(); i++) {
      JsonNode expected = Json.MAPPER.readTree(localRows.get(i));
      JsonNode actual = Json.MAPPER.readTree(servedRows.get(i));
      assertTrue(
          expected.equals(sameValue, actual),
          relation + ": " + localRows.get(i) + " != " + servedRows.get(i));
    }
  }

  private static String query(String relation) {
    return "select * from \"" + relation + "\" order by all";
  }

  @Test
  void should_refuse_a_write_in_the_words_the_file_itself_uses() throws Exception {
    assertEquals(0, cli("demo", "--attempts", "1").exitCode());
    CliHarness.Result local = cli("sql", "delete from runs");
    serve();

    CliHarness.Result served = cli("sql", "delete from runs");

    assertEquals(ExitCode.ERROR, served.exitCode());
    assertEquals("distillery: only read-only SELECT queries run here", served.err().strip());
    assertEquals(local.err(), served.err());
  }

  @Test
  void should_run_every_reading_command_beside_serve_from_a_snapshot() throws Exception {
    assertEquals(0, cli("demo", "--attempts", "1").exitCode());
    String runs = cli("runs", "--json").out();
    String runId = firstRunId(runs);
    String shown = cli("show", runId).out();
    String failures = cli("failures").out();
    serve();
    assertEquals(
        201,
        post("api/runs/" + runId + "/annotations", "{\"label\":\"incorrect\"}", true).statusCode());

    CliHarness.Result besideRuns = cli("runs", "--json");
    CliHarness.Result besideShow = cli("show", runId);
    CliHarness.Result besideFailures = cli("failures");
    CliHarness.Result export = cli("export", "-f", "raw", "-o", "raw");
    CliHarness.Result agreement = cli("agreement", "--a", "human", "--b", "check", "--json");

    String note = "· reading a snapshot from distillery serve at " + serving.url();
    for (CliHarness.Result beside :
        List.of(besideRuns, besideShow, besideFailures, export, agreement)) {
      assertEquals(0, beside.exitCode(), beside.err());
      assertTrue(beside.err().contains(note), beside.err());
    }
    assertEquals(runs, besideRuns.out());
    assertEquals(shown, besideShow.out());
    assertEquals(failures, besideFailures.out());
    String exported = Files.readString(dir.resolve("raw/train.jsonl"));
    assertTrue(exported.contains("\"incorrect\""), "the label just given is in the export");
    assertTrue(agreement.out().contains("\"b\":\"check\""), agreement.out());
    assertEquals(List.of(), snapshotsLeft(), "each reader deletes its copy");
    assertEquals(401, post("api/snapshot", "", false).statusCode(), "the token guards copies");
  }

  @Test
  void should_wait_for_a_serve_that_holds_the_store_before_it_says_where_it_listens()
      throws Exception {
    assertEquals(0, cli("demo", "--attempts", "1").exitCode());
    String runs = cli("runs", "--json").out();
    // what a starting serve looks like: the file is held, and no serve file says by whom yet
    DuckDbTraceStore starting = DuckDbTraceStore.open(store());
    CompletableFuture<CliHarness.Result> sql =
        CompletableFuture.supplyAsync(() -> cli("sql", "--format", "csv", "select 1 as n"));
    CompletableFuture<CliHarness.Result> listed =
        CompletableFuture.supplyAsync(() -> cli("runs", "--json"));
    // no condition to wait on: a reader that meets the lock prints nothing while it waits, so
    // give both a moment to meet it (the test asserts the outcome, never a time)
    Thread.sleep(1000);
    starting.close();
    serve();

    CliHarness.Result answered = sql.get(60, TimeUnit.SECONDS);
    CliHarness.Result read = listed.get(60, TimeUnit.SECONDS);
    assertEquals(0, answered.exitCode(), answered.err());
    assertEquals("n\n1\n", answered.out());
    assertEquals(0, read.exitCode(), read.err());
    assertEquals(runs, read.out());
  }

  @Test
  void should_say_in_one_line_who_holds_the_store_when_no_serve_comes() throws Exception {
    assertEquals(0, cli("demo", "--attempts", "1").exitCode());
    try (DuckDbTraceStore holder = DuckDbTraceStore.open(store())) {
      CliHarness.Result runs = cli("runs");

      assertEquals(ExitCode.ERROR, runs.exitCode());
      assertEquals(1, runs.err().strip().lines().count(), runs.err());
      assertTrue(runs.err().contains("is already open"), runs.err());
    }
  }

  @Test
  void should_show_a_killed_run_as_interrupted_to_every_reader_of_the_file() throws Exception {
    String runId = Ids.newId();
    try (DuckDbTraceStore store = DuckDbTraceStore.open(store())) {
      // the run's process was killed after these: nothing finished it
      RunSpec spec = RunSpec.adHoc("killed midway", "m", "scripted", "agent", "/tmp");
      store.record(event(runId, 0, new EventPayload.RunStarted(spec)));
      store.record(event(runId, 1, new EventPayload.StateChanged(null, "model_call")));
    }

    CliHarness.Result runs = cli("runs", "--json");
    CliHarness.Result show = cli("show", runId);
    CliHarness.Result sql = cli("sql", "--format", "csv", "select status, outcome from runs");
    CliHarness.Result export = cli("export", "-f", "raw", "-o", "raw");

    assertEquals("interrupted", Json.MAPPER.readTree(runs.out()).path("status").asText());
    assertEquals(0, show.exitCode(), show.err());
    assertTrue(show.out().contains("interrupted"), show.out());
    assertTrue(!show.out().contains("running"), show.out());
    assertEquals("status,outcome\ninterrupted,interrupted\n", sql.out());
    assertEquals(0, export.exitCode(), export.err());
    JsonNode row =
        Json.MAPPER.readTree(
            Files.readString(dir.resolve("raw/train.jsonl")).lines().findFirst().orElseThrow());
    assertTrue(row.toString().contains("\"interrupted\""), row.toString());
    assertTrue(!row.toString().contains("\"running\""), row.toString());
  }

  private static String firstRunId(String runsJson) throws Exception {
    return Json.MAPPER.readTree(runsJson.lines().findFirst().orElseThrow()).path("id").asText();
  }

  private static TraceEvent event(String runId, long seq, EventPayload payload) {
    return new TraceEvent(Ids.newId(), runId, null, seq, Instant.now(), null, payload);
  }
}
