package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStreamTest {
  @TempDir Path dir;

  private Path storeWithThreeRuns() {
    Path file = dir.resolve("s.duckdb");
    Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      SampleRuns.fullRun("run-a", t0).forEach(store::record);
      SampleRuns.fullRun("run-b", t0.plusSeconds(60)).forEach(store::record);
      SampleRuns.fullRun("run-c", t0.plusSeconds(120)).forEach(store::record);
      store.annotate(new Annotation("n1", "run-b", null, "ann", "correct", List.of("x"), null, t0));
      store.annotate(
          new Annotation(
              "n2", "run-b", null, "bob", "incorrect", List.of(), "no", t0.plusSeconds(1)));
    }
    return file;
  }

  @Test
  void should_stream_each_run_exactly_as_read_one_by_one_in_the_order_asked() {
    Path file = storeWithThreeRuns();
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file);
        RunStream stream = store.stream(null, "started_at DESC")) {
      List<String> order = new ArrayList<>();
      while (stream.hasNext()) {
        RunStream.RunTrace trace = stream.next();
        String id = trace.run().id();
        order.add(id);
        assertEquals(store.run(id).orElseThrow(), trace.run());
        assertEquals(store.events(id), trace.events());
        assertEquals(store.messages(id), trace.messages());
        assertEquals(store.annotations(id), trace.annotations());
      }
      assertEquals(List.of("run-c", "run-b", "run-a"), order);
      assertEquals(2, store.annotations("run-b").size());
    }
  }

  @Test
  void should_stream_the_conversation_alone_the_log_and_the_last_request_and_response() {
    Path file = storeWithThreeRuns();
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file);
        RunStream stream = store.stream(null, "id", RunStream.Reading.CONVERSATION)) {
      int runs = 0;
      while (stream.hasNext()) {
        RunStream.RunTrace trace = stream.next();
        String id = trace.run().id();
        List<TraceEvent> all = store.events(id);
        TraceEvent lastRequest = last(all, EventKind.MODEL_REQUEST);
        TraceEvent lastResponse = last(all, EventKind.MODEL_RESPONSE);
        assertEquals(List.of(lastRequest, lastResponse), trace.events());
        assertEquals(store.messages(id), trace.messages());
        assertEquals(store.annotations(id), trace.annotations());
        runs++;
      }
      assertEquals(3, runs);
    }
  }

  private static TraceEvent last(List<TraceEvent> events, EventKind kind) {
    TraceEvent last = null;
    for (TraceEvent event : events) {
      if (event.kind() == kind) {
        last = event;
      }
    }
    return last;
  }

  @Test
  void should_stream_only_the_runs_the_predicate_selects() {
    Path file = storeWithThreeRuns();
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file);
        RunStream stream = store.stream("id <> 'run-b'", "id")) {
      assertEquals("run-a", stream.next().run().id());
      RunStream.RunTrace c = stream.next();
      assertEquals("run-c", c.run().id());
      assertEquals(store.events("run-c"), c.events());
      assertEquals(List.of(), c.annotations());
      assertFalse(stream.hasNext());
    }
  }

  @Test
  void should_refuse_a_bad_predicate_with_duckdbs_reason() {
    Path file = storeWithThreeRuns();
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file)) {
      QueryException e =
          assertThrows(QueryException.class, () -> store.stream("no_such_column = 1", "id"));
      assertEquals(true, e.getMessage().contains("no_such_column"), e.getMessage());
      assertEquals(0L, selectionsLeft(store), "a refused stream leaves no selection behind");
    }
  }

  @Test
  void should_keep_two_open_streams_apart_and_drop_each_selection_when_closed() {
    Path file = storeWithThreeRuns();
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file)) {
      List<String> one = new ArrayList<>();
      List<String> all = new ArrayList<>();
      try (RunStream first = store.stream("id <> 'run-b'", "id DESC");
          RunStream second = store.stream(null, "id")) {
        assertEquals(2L, selectionsLeft(store));
        while (first.hasNext() || second.hasNext()) {
          if (first.hasNext()) {
            one.add(first.next().run().id());
          }
          if (second.hasNext()) {
            all.add(second.next().run().id());
          }
        }
      }
      assertEquals(List.of("run-c", "run-a"), one);
      assertEquals(List.of("run-a", "run-b", "run-c"), all);
      assertEquals(0L, selectionsLeft(store));
    }
  }

  /** The in-memory databases that open streams rank their runs in. */
  private static long selectionsLeft(DuckDbTraceStore store) {
    QueryResult left =
        store.query(
            "SELECT count(*) FROM duckdb_databases()"
                + " WHERE database_name LIKE 'distillery_stream_%'",
            1);
    return ((Number) left.rows().get(0).get(0)).longValue();
  }
}
