package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.QueryTable;
import dev.distillery.trace.RunQuery;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
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
        Stream<RunTrace> stream =
            store.traces(RunQuery.builder().order(RunQuery.Order.STARTED).build())) {
      List<String> order = new ArrayList<>();
      for (RunTrace trace : (Iterable<RunTrace>) stream::iterator) {
        String id = trace.run().id();
        order.add(id);
        assertEquals(store.run(id).orElseThrow(), trace.run());
        assertEquals(store.events(id), trace.events());
        assertEquals(store.messages(id), trace.messages());
        assertEquals(store.annotations(id), trace.annotations());
      }
      assertEquals(List.of("run-a", "run-b", "run-c"), order);
      assertEquals(2, store.annotations("run-b").size());
    }
  }

  @Test
  void should_stream_the_conversation_alone_the_log_and_the_last_request_and_response() {
    Path file = storeWithThreeRuns();
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file);
        Stream<RunTrace> stream =
            store.traces(RunQuery.builder().reading(RunQuery.Reading.CONVERSATION).build())) {
      int runs = 0;
      for (RunTrace trace : (Iterable<RunTrace>) stream::iterator) {
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
        Stream<RunTrace> stream = store.traces(RunQuery.builder().where("id <> 'run-b'").build())) {
      List<RunTrace> traces = stream.toList();
      assertEquals(2, traces.size());
      assertEquals("run-a", traces.get(0).run().id());
      RunTrace c = traces.get(1);
      assertEquals("run-c", c.run().id());
      assertEquals(store.events("run-c"), c.events());
      assertEquals(List.of(), c.annotations());
      assertEquals(2L, store.count(RunQuery.builder().where("id <> 'run-b'").build()));
    }
  }

  @Test
  void should_read_the_contents_only_of_runs_the_content_filter_admits() {
    Path file = storeWithThreeRuns();
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file);
        Stream<RunTrace> stream =
            store.traces(RunQuery.builder().content(RunQuery.Content.humanLabelled()).build())) {
      List<RunTrace> traces = stream.toList();
      assertEquals(
          List.of("run-a", "run-b", "run-c"), traces.stream().map(t -> t.run().id()).toList());
      assertEquals(store.events("run-b"), traces.get(1).events(), "run-b is labelled");
      assertEquals(store.messages("run-b"), traces.get(1).messages());
      assertEquals(store.annotations("run-a"), traces.get(0).annotations());
      IllegalStateException unread =
          assertThrows(IllegalStateException.class, () -> traces.get(0).events().size());
      assertTrue(unread.getMessage().contains("run-a"), unread.getMessage());
      assertThrows(IllegalStateException.class, () -> traces.get(2).messages().get(0));
    }
  }

  @Test
  void should_refuse_sql_in_a_query_to_a_store_not_opened_for_queries() {
    Path file = storeWithThreeRuns();
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      RunQuery sql = RunQuery.builder().where("true").build();
      assertThrows(IllegalStateException.class, () -> store.traces(sql));
      assertThrows(IllegalStateException.class, () -> store.count(sql));
    }
  }

  @Test
  void should_refuse_a_bad_predicate_with_duckdbs_reason() {
    Path file = storeWithThreeRuns();
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file)) {
      QueryException e =
          assertThrows(
              QueryException.class,
              () -> store.traces(RunQuery.builder().where("no_such_column = 1").build()));
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
      try (Stream<RunTrace> firstStream =
              store.traces(RunQuery.builder().where("id <> 'run-b'").build());
          Stream<RunTrace> secondStream = store.traces(RunQuery.all())) {
        assertEquals(2L, selectionsLeft(store));
        Iterator<RunTrace> first = firstStream.iterator();
        Iterator<RunTrace> second = secondStream.iterator();
        while (first.hasNext() || second.hasNext()) {
          if (first.hasNext()) {
            one.add(first.next().run().id());
          }
          if (second.hasNext()) {
            all.add(second.next().run().id());
          }
        }
      }
      assertEquals(List.of("run-a", "run-c"), one);
      assertEquals(List.of("run-a", "run-b", "run-c"), all);
      assertEquals(0L, selectionsLeft(store));
    }
  }

  /** The in-memory databases that open streams rank their runs in. */
  private static long selectionsLeft(DuckDbTraceStore store) {
    QueryTable left =
        store.query(
            "SELECT count(*) FROM duckdb_databases()"
                + " WHERE database_name LIKE 'distillery_stream_%'",
            1);
    return ((Number) left.rows().get(0).get(0)).longValue();
  }
}
