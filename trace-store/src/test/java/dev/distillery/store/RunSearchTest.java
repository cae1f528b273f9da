package dev.distillery.store;

import static dev.distillery.trace.SampleRuns.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload.CheckFinished;
import dev.distillery.trace.EventPayload.ModelResponse;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.EventPayload.ToolCalled;
import dev.distillery.trace.EventPayload.ToolResult;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text search through the runs' search texts (V8) finds exactly what the search over the prompt and
 * every event text found before it, for runs written event by event, in batches, across batches,
 * and for runs too long for a search text.
 */
class RunSearchTest {
  /** The search before V8, as RunRows had it: ILIKE on the prompt, RE2 'i' on event texts. */
  private static final String OLD_SEARCH =
      "SELECT id FROM runs WHERE task_prompt ILIKE '%' || ? || '%' ESCAPE '\\' OR id IN"
          + " (SELECT run_id FROM events WHERE kind IN ('model_response', 'tool_result',"
          + " 'check_result') AND regexp_matches(text, regexp_escape(?), 'i')) ORDER BY id";

  private static final List<String> QUERIES =
      List.of(
          "widget",
          "WIDGET",
          "Deploy the",
          "disk full",
          "Disk  FULL",
          "/dev/sda1",
          "sda1 ",
          "strict",
          "STRICT MODE",
          "zebra crossing",
          "zebra",
          "100%",
          "a_b",
          "\\d+",
          ".*",
          "(x",
          "secret-arguments",
          "line one\nline two",
          "two\nline",
          "ok",
          "k",
          "later output",
          "μ-law",
          "kangaroo",
          "nothing like this");

  @TempDir Path dir;
  private Path file;
  private final Map<String, List<String>> found = new LinkedHashMap<>();
  private final Map<String, Long> counted = new LinkedHashMap<>();

  @BeforeEach
  void recordRunsEveryWayTheyAreWritten() {
    file = dir.resolve("traces.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      run(
              "r-event",
              "Deploy the Widget",
              "ERROR: Disk FULL on /dev/sda1",
              "Retrying in ſtrict mode")
          .forEach(store::record);
      store.recordAll(run("r-batch", "count a_b files", "100% done", "line one\nline two"));
      List<TraceEvent> split =
          run("r-split", "split run", "first output", "answer (x with \\d+ and .*");
      store.recordAll(split.subList(0, 2));
      store.recordAll(split.subList(2, split.size()));
      store.recordAll(
          run("r-long", "long run", "x".repeat(RunSearch.LIMIT) + " zebra crossing", "done"));
      run("r-plain", "plain run", "later output, µ-LAW codec", "ok").forEach(store::record);
      List<TraceEvent> running = run("r-running", "running run", "kangaroo output", "hop");
      running.subList(0, running.size() - 1).forEach(store::record); // no run_finished yet
      for (String query : QUERIES) {
        RunFilter filter = RunFilter.builder().text(query).limit(100).build();
        found.put(query, store.runs(filter).stream().map(Run::id).sorted().toList());
        counted.put(query, store.countRuns(filter));
      }
    }
  }

  @Test
  void should_find_exactly_what_the_search_over_every_event_found() throws SQLException {
    for (String query : QUERIES) {
      List<String> expected = oldSearch(query);
      assertEquals(expected, found.get(query), "q=" + query);
      assertEquals(expected.size(), counted.get(query), "count of q=" + query);
    }
  }

  @Test
  void should_find_words_of_prompts_and_outputs_whatever_their_case() {
    assertEquals(List.of("r-event"), found.get("WIDGET"));
    assertEquals(List.of("r-event"), found.get("disk full"), "a tool output, two words");
    assertEquals(List.of("r-event"), found.get("STRICT MODE"), "a long s matches s, as RE2 did");
    assertEquals(List.of("r-batch"), found.get("line one\nline two"), "across a line break");
    assertEquals(List.of(), found.get("two\nline"), "words out of order are not a match");
    assertEquals(List.of("r-split"), found.get("(x"), "an output written in a later batch");
    assertEquals(List.of("r-plain"), found.get("μ-law"), "micro sign and mu fold alike");
    assertEquals(List.of(), found.get("secret-arguments"), "tool call arguments are not searched");
  }

  @Test
  void should_search_the_events_of_a_run_too_long_for_a_search_text() throws SQLException {
    assertEquals(List.of("r-long"), found.get("zebra crossing"));
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      List<String> texts =
          Jdbc.list(
              connection,
              "SELECT search_text FROM runs WHERE id = 'r-long'",
              List.of(),
              row -> row.getString(1));
      assertNull(texts.get(0));
    }
  }

  @Test
  void should_search_a_running_run_in_its_events_and_a_finished_one_in_its_search_text()
      throws SQLException {
    assertEquals(List.of("r-running"), found.get("kangaroo"), "running: searched in its events");
    assertNull(searchText("r-running"), "a run gets its search text when it finishes");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      List<TraceEvent> events = run("r-running", "running run", "kangaroo output", "hop");
      store.record(events.get(events.size() - 1));
      assertTrue(searchText("r-running").contains("kangaroo output"));
      assertEquals(
          List.of("r-running"),
          store.runs(RunFilter.builder().text("KANGAROO").limit(100).build()).stream()
              .map(Run::id)
              .toList());
    }
  }

  private String searchText(String runId) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      return Jdbc.list(
              connection,
              "SELECT search_text FROM runs WHERE id = ?",
              List.of(runId),
              row -> row.getString(1))
          .get(0);
    }
  }

  private List<String> oldSearch(String query) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      String text =
          RunFilter.builder().text(query).limit(1).build().text(); // stripped, as the filter has it
      List<Object> parameters = List.of(RunRows.escapeLike(text), text);
      return new ArrayList<>(
          new TreeSet<>(Jdbc.list(connection, OLD_SEARCH, parameters, row -> row.getString(1))));
    }
  }

  private static List<TraceEvent> run(String id, String prompt, String output, String answer) {
    SampleRuns.Recorder run = new SampleRuns.Recorder(id, T0.plusSeconds(id.hashCode() % 1000));
    run.add(new RunStarted(SampleRuns.spec(prompt)));
    run.add(new ToolCalled("c1", "shell", "{\"cmd\":\"secret-arguments\"}"));
    run.add(new ToolResult("c1", "shell", output, 0, false, false));
    run.add(
        new ModelResponse(
            1, Message.assistant(answer, List.of()), "stop", new Usage(1, 1), 5, null));
    CheckResult check = new CheckResult(CheckStatus.PASS, "true", 0, "ok", 1);
    run.add(new CheckFinished(check));
    run.add(
        new RunFinished(RunStatus.SUCCEEDED, "answered", "done", 1, new Usage(1, 1), null, check));
    return run.events();
  }
}
