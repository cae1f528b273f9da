package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventPayload.CheckFinished;
import dev.distillery.trace.EventPayload.ModelResponse;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.RunResumed;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.EventPayload.ToolCalled;
import dev.distillery.trace.EventPayload.ToolResult;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search columns the writer makes in Java, event by event and in batches, are those V8's
 * statement ({@link RunSearch#FILL}) makes from the events in DuckDB, for every finished run; a
 * running run has none.
 */
class SearchColumnsTest {
  private static final String UNICODE =
      "ΣΊΣΥΦΟΣ ſtrict µ-LAW \u1c88 \u2c2f \uD801\uDC00 İ \uD83D\uDE00 \uFF21 lone \uD800 end";

  @TempDir Path dir;

  @Test
  void should_write_what_V8_fills_for_runs_written_event_by_event_and_in_batches()
      throws SQLException {
    Path file = dir.resolve("traces.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      ordinary("single").events.forEach(store::record);
      store.recordAll(ordinary("batch").events);
      List<TraceEvent> split = ordinary("split").events;
      store.recordAll(split.subList(0, 3));
      store.recordAll(split.subList(3, split.size()));
      List<TraceEvent> toBatch = ordinary("single-then-batch").events;
      toBatch.subList(0, 4).forEach(store::record);
      store.recordAll(toBatch.subList(4, toBatch.size()));
      List<TraceEvent> toSingle = ordinary("batch-then-single").events;
      store.recordAll(toSingle.subList(0, 4));
      toSingle.subList(4, toSingle.size()).forEach(store::record);
      store.recordAll(
          interleaved(
              new Events("mixed-a").start("A").output("one").answer("two").finish(),
              new Events("mixed-b").start("B").output("three").check("four").finish()));
      new Events("unicode-single")
          .start(UNICODE)
          .output(UNICODE)
          .finish()
          .events
          .forEach(store::record);
      store.recordAll(new Events("unicode-batch").start("u").answer(UNICODE).finish().events);
      new Events("empty").start("").call("not searched").finish().events.forEach(store::record);
      store.recordAll(new Events("no-texts").start("Only a prompt").finish().events);
      new Events("out-of-order-single")
          .start("p")
          .at(5)
          .output("five")
          .at(3)
          .output("three")
          .at(9)
          .finish()
          .events
          .forEach(store::record);
      store.recordAll(
          new Events("out-of-order-batch")
              .start("p")
              .at(4)
              .answer("b")
              .at(2)
              .answer("a")
              .finish()
              .events);
      String half = "x".repeat(RunSearch.LIMIT / 2);
      store.recordAll(
          new Events("long-batch").start("p").output(half).output(half).finish().events);
      new Events("long-single").start(half).output(half).finish().events.forEach(store::record);
      // the prompt, a separator and the output: exactly the limit, in code points
      String emojis = "\uD83D\uDE00".repeat(RunSearch.LIMIT - 2);
      store.recordAll(new Events("at-limit").start("p").output(emojis).finish().events);
      store.recordAll(new Events("over-limit").start("pp").output(emojis).finish().events);
      new Events("running").start("still going").output("out").events.forEach(store::record);
    }
    Map<String, List<String>> written = assertColumnsAsV8FillsThem(file);
    assertNull(written.get("long-batch").get(1));
    assertNull(written.get("over-limit").get(1));
    assertNotNull(written.get("at-limit").get(1));
    assertEquals("p\u001fthree\u001ffive", written.get("out-of-order-single").get(1));
    assertEquals("running", written.get("running").get(0));
  }

  @Test
  void should_write_what_V8_fills_for_resumed_runs_and_runs_appended_to_after_a_reopen()
      throws SQLException {
    Path file = dir.resolve("traces.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      store.recordAll(
          new Events("resumed-in-batch")
              .start("p")
              .output("before")
              .finish()
              .resume()
              .output("after")
              .finish()
              .events);
      Events single = new Events("resumed-single").start("p").output("before").finish();
      single.events.forEach(store::record);
      single.resume().output("after").finish().events.subList(3, 6).forEach(store::record);
      Events later = new Events("resumed-later-batch").start("p").answer("before").finish();
      store.recordAll(later.events);
      store.recordAll(
          later.resume().answer("after").check("checked").finish().events.subList(3, 7));
      Events left = new Events("resumed-left-running").start("p").output("before").finish();
      store.recordAll(left.resume().output("after").events);
      new Events("crashed").start("p").output("before the crash").events.forEach(store::record);
      new Events("crashed-then-resumed").start("p").output("before").events.forEach(store::record);
    }
    // opening again finishes the runs left running as interrupted: read from their events
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      store.recordAll(
          List.of(
              event("crashed-then-resumed", 3, resumed()),
              event("crashed-then-resumed", 4, output("after the crash")),
              event("crashed-then-resumed", 5, finished())));
      store.record(event("resumed-left-running", 6, output("later")));
      store.record(event("resumed-left-running", 7, finished()));
      store.recordAll(
          new Events("resumed-running").start("p").output("o").finish().resume().events);
    }
    Map<String, List<String>> written = assertColumnsAsV8FillsThem(file);
    assertEquals("interrupted", written.get("crashed").get(0));
    assertEquals("p\u001fbefore\u001fafter the crash", written.get("crashed-then-resumed").get(1));
    assertEquals("running", written.get("resumed-running").get(0));
  }

  @Test
  void should_write_what_V8_fills_for_runs_whose_texts_came_before_their_start()
      throws SQLException {
    Path file = dir.resolve("traces.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      Events single = new Events("stray-single").at(1).output("early").at(0).start("p").at(2);
      single.output("late").finish().events.forEach(store::record);
      store.recordAll(
          new Events("stray-batch").at(1).answer("early").at(0).start("p").at(2).finish().events);
      store.record(event("stray-across", 1, output("early")));
      store.recordAll(new Events("stray-across").start("p").at(2).output("late").finish().events);
    }
    Map<String, List<String>> written = assertColumnsAsV8FillsThem(file);
    assertEquals("p\u001fearly", written.get("stray-batch").get(1));
    assertEquals("p\u001fearly\u001flate", written.get("stray-across").get(1));
  }

  @Test
  void should_write_what_V8_fills_for_runs_let_go_to_bound_the_memory_held() throws SQLException {
    Path file = dir.resolve("traces.duckdb");
    int runs = (int) (RunTexts.BUDGET / 30_000) + 5;
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      List<TraceEvent> starts = new ArrayList<>();
      List<TraceEvent> finishes = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String id = String.format("held-%03d", i);
        starts.addAll(new Events(id).start("p" + i).output(i + "y".repeat(30_000)).events);
        finishes.add(event(id, 2, finished()));
      }
      store.recordAll(starts);
      store.recordAll(finishes);
    }
    assertColumnsAsV8FillsThem(file);
  }

  @Test
  void should_let_go_of_the_runs_held_longest_once_past_its_budget() {
    RunTexts held = new RunTexts();
    int runs = (int) (RunTexts.BUDGET / 30_000) + 5;
    for (int i = 0; i < runs; i++) {
      RunTexts.Text text = new RunTexts.Text("p");
      text.add(1, "y".repeat(30_000));
      held.put("run-" + i, text);
    }
    assertNull(held.get("run-0"), "held longest: let go");
    assertNotNull(held.get("run-" + (runs - 1)), "held last: kept");
  }

  /**
   * Reads each run's status and columns, then has V8's statement fill them again from the events: a
   * finished run's must not change, a running run's must be NULL.
   *
   * @return by run id: status, search_text, search_words as written
   */
  private static Map<String, List<String>> assertColumnsAsV8FillsThem(Path file)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      Map<String, List<String>> written = columns(connection);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(RunSearch.FILL);
      }
      Map<String, List<String>> filled = columns(connection);
      for (Map.Entry<String, List<String>> run : written.entrySet()) {
        List<String> columns = run.getValue();
        if (columns.get(0).equals("running")) {
          assertNull(columns.get(1), "a running run has no search text: " + run.getKey());
          assertNull(columns.get(2), "a running run has no words: " + run.getKey());
        } else {
          assertEquals(filled.get(run.getKey()), columns, "columns of " + run.getKey());
        }
      }
      return written;
    }
  }

  private static Map<String, List<String>> columns(Connection connection) throws SQLException {
    Map<String, List<String>> columns = new TreeMap<>();
    for (List<String> row :
        Jdbc.list(
            connection,
            "SELECT id, status, search_text, search_words FROM runs",
            List.of(),
            row ->
                Arrays.asList(
                    row.getString(1), row.getString(2), row.getString(3), row.getString(4)))) {
      columns.put(row.get(0), row.subList(1, 4));
    }
    return columns;
  }

  /** The runs' events, taking turns. */
  private static List<TraceEvent> interleaved(Events a, Events b) {
    List<TraceEvent> events = new ArrayList<>();
    for (int i = 0; i < Math.max(a.events.size(), b.events.size()); i++) {
      if (i < a.events.size()) {
        events.add(a.events.get(i));
      }
      if (i < b.events.size()) {
        events.add(b.events.get(i));
      }
    }
    return events;
  }

  /** A prompt, a tool call, a tool result and an answer, then a check and the finish. */
  private static Events ordinary(String id) {
    return new Events(id)
        .start("Deploy the Widget for " + id)
        .call("{\"cmd\":\"ls\"}")
        .output("Disk FULL on /dev/sda1")
        .answer("Retrying in ſtrict mode")
        .check("ok\tdone")
        .finish();
  }

  private static TraceEvent event(String runId, long seq, EventPayload payload) {
    return new TraceEvent(
        Ids.newId(), runId, null, seq, SampleRuns.T0.plusSeconds(seq), null, payload);
  }

  private static ToolResult output(String text) {
    return new ToolResult("c1", "shell", text, 0, false, false);
  }

  private static RunFinished finished() {
    return new RunFinished(RunStatus.SUCCEEDED, "answered", "done", 1, new Usage(1, 1), null, null);
  }

  private static RunResumed resumed() {
    return new RunResumed("checkpoint", 1, "/snapshot", "killed");
  }

  /** A run's events in the order they are written; seq counts up from where {@link #at} put it. */
  private static final class Events {
    private final String runId;
    private final List<TraceEvent> events = new ArrayList<>();
    private long seq;

    Events(String runId) {
      this.runId = runId;
    }

    Events at(long seq) {
      this.seq = seq;
      return this;
    }

    Events start(String prompt) {
      return add(new RunStarted(SampleRuns.spec(prompt)));
    }

    Events call(String arguments) {
      return add(new ToolCalled("c1", "shell", arguments));
    }

    Events output(String text) {
      return add(SearchColumnsTest.output(text));
    }

    Events answer(String text) {
      return add(
          new ModelResponse(1, Message.assistant(text, List.of()), "stop", Usage.ZERO, 5, null));
    }

    Events check(String output) {
      return add(new CheckFinished(new CheckResult(CheckStatus.PASS, "true", 0, output, 1)));
    }

    Events finish() {
      return add(finished());
    }

    Events resume() {
      return add(resumed());
    }

    private Events add(EventPayload payload) {
      events.add(event(runId, seq++, payload));
      return this;
    }
  }
}
