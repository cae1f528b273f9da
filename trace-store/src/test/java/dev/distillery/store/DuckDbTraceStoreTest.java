package dev.distillery.store;

import static dev.distillery.trace.SampleRuns.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceRepositoryContract;
import dev.distillery.trace.TraceSink;
import dev.distillery.trace.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbTraceStoreTest extends TraceRepositoryContract {
  @TempDir Path dir;
  private Path file;
  private DuckDbTraceStore store;

  @BeforeEach
  void openStore() {
    file = dir.resolve("nested/folder/traces.duckdb");
    store = DuckDbTraceStore.open(file);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Override
  protected TraceRepository repository() {
    return store;
  }

  @Override
  protected TraceSink sink() {
    return store;
  }

  private DuckDbTraceStore reopen(Clock clock) {
    store.close();
    store = DuckDbTraceStore.open(file, Migrations.standard(), clock);
    return store;
  }

  @Test
  void should_create_the_file_and_its_folders() {
    assertTrue(Files.isRegularFile(file));
  }

  @Test
  void should_keep_every_event_after_close_and_reopen() {
    List<TraceEvent> events = SampleRuns.fullRun("run-a", T0);
    events.forEach(store::record);

    reopen(Clock.systemUTC());

    assertEquals(events, store.events("run-a"));
    assertEquals(5, store.messages("run-a").size());
    assertEquals(RunStatus.SUCCEEDED, store.run("run-a").orElseThrow().status());
  }

  @Test
  void should_mark_a_running_run_interrupted_when_the_store_is_next_opened() {
    List<TraceEvent> events = SampleRuns.fullRun("run-dead", T0).subList(0, 8);
    events.forEach(store::record);
    Instant reopenedAt = Instant.parse("2025-03-02T08:00:00Z");

    reopen(Clock.fixed(reopenedAt, ZoneOffset.UTC));

    Run run = store.run("run-dead").orElseThrow();
    assertEquals(RunStatus.INTERRUPTED, run.status());
    assertEquals("interrupted", run.outcome());
    assertEquals(Recovery.REASON, run.reason());
    assertEquals(reopenedAt, run.endedAt());
    assertEquals(1, run.turns());
    assertEquals(new Usage(100, 20), run.usage());
    assertEquals(0.0012, run.costUsd());
    List<TraceEvent> stored = store.events("run-dead");
    assertEquals(events, stored.subList(0, events.size()));
    TraceEvent finish = stored.get(stored.size() - 1);
    assertEquals(events.size() + 1, stored.size());
    assertEquals(events.size(), finish.seq());
    assertEquals(
        new RunFinished(
            RunStatus.INTERRUPTED,
            "interrupted",
            Recovery.REASON,
            1,
            new Usage(100, 20),
            0.0012,
            null),
        finish.payload());
  }

  @Test
  void should_leave_finished_runs_alone_when_reopened() {
    List<TraceEvent> events = SampleRuns.fullRun("run-done", T0);
    events.forEach(store::record);

    reopen(Clock.systemUTC());
    reopen(Clock.systemUTC());

    assertEquals(events, store.events("run-done"));
    assertEquals("answered", store.run("run-done").orElseThrow().outcome());
  }

  @Test
  void should_record_runs_from_several_threads_at_once() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(5);
    List<List<TraceEvent>> runs = new ArrayList<>();
    List<Future<?>> writers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      List<TraceEvent> run = SampleRuns.fullRun("run-t" + i, T0.plusSeconds(i));
      runs.add(run);
      writers.add(threads.submit(() -> run.forEach(store::record)));
    }
    Future<Integer> reader =
        threads.submit(
            () -> {
              int reads = 0;
              while (!writers.stream().allMatch(Future::isDone)) {
                store.runs(RunFilter.latest(10)).forEach(r -> store.events(r.id()));
                reads++;
              }
              return reads;
            });
    for (Future<?> writer : writers) {
      writer.get();
    }
    reader.get(); // rethrows what a read threw while the writers wrote
    threads.shutdown();

    for (List<TraceEvent> run : runs) {
      assertEquals(run, store.events(run.get(0).runId()));
    }
    assertEquals(
        4, store.countRuns(RunFilter.builder().status(RunStatus.SUCCEEDED).limit(10).build()));
  }

  @Test
  void should_write_nothing_of_a_batch_when_one_event_fails() {
    store.recordAll(SampleRuns.fullRun("run-old", T0));
    List<TraceEvent> batch = new ArrayList<>();
    for (int i = 0; batch.size() < 3000; i++) {
      batch.addAll(SampleRuns.fullRun("run-new-" + i, T0.plusSeconds(i)));
    }
    // Importing a run that the store already has: its run_started cannot be inserted again.
    batch.addAll(SampleRuns.fullRun("run-old", T0));

    assertThrows(StoreException.class, () -> store.recordAll(batch));

    assertEquals(
        List.of("run-old"), store.runs(RunFilter.latest(10)).stream().map(Run::id).toList());
    assertTrue(store.events("run-new-0").isEmpty());
    assertTrue(store.messages("run-new-0").isEmpty());
    assertEquals(13, store.events("run-old").size());
  }

  @Test
  void should_finish_a_run_in_a_later_batch_than_the_one_that_started_it() {
    List<TraceEvent> events = SampleRuns.fullRun("run-split", T0);
    store.recordAll(events.subList(0, 5));
    assertEquals(RunStatus.RUNNING, store.run("run-split").orElseThrow().status());

    store.recordAll(events.subList(5, events.size()));

    Run run = store.run("run-split").orElseThrow();
    assertEquals(RunStatus.SUCCEEDED, run.status());
    assertEquals(SampleRuns.CHECK, run.check());
    assertEquals(new Usage(250, 30), run.usage());
    assertEquals(events, store.events("run-split"));
  }

  @Test
  void should_write_nothing_of_a_batch_that_starts_a_run_twice() {
    List<TraceEvent> batch = new ArrayList<>(SampleRuns.fullRun("run-twice", T0));
    batch.addAll(SampleRuns.fullRun("run-twice", T0.plusSeconds(5)));

    StoreException error = assertThrows(StoreException.class, () -> store.recordAll(batch));

    assertTrue(error.getMessage().contains("run-twice"), error.getMessage());
    assertTrue(store.run("run-twice").isEmpty());
    assertTrue(store.events("run-twice").isEmpty());
  }

  @Test
  void should_refuse_a_message_log_with_a_gap() {
    List<TraceEvent> events = SampleRuns.fullRun("run-gap", T0);
    // the request that carries messages 0 and 1 is lost; the response is message 2
    events.stream().filter(e -> e.seq() != 3).limit(5).forEach(store::record);

    StoreException error = assertThrows(StoreException.class, () -> store.messages("run-gap"));

    assertTrue(error.getMessage().contains("expected message #0"), error.getMessage());
  }

  @Test
  void should_refuse_to_finish_a_run_that_never_started() {
    List<TraceEvent> events = SampleRuns.fullRun("run-ghost", T0);
    TraceEvent finish = events.get(events.size() - 1);

    StoreException error = assertThrows(StoreException.class, () -> store.record(finish));

    assertTrue(error.getMessage().contains("run-ghost"), error.getMessage());
    assertTrue(store.events("run-ghost").isEmpty());
  }

  @Test
  void should_keep_writing_after_a_failed_write() {
    List<TraceEvent> events = SampleRuns.fullRun("run-again", T0);
    store.record(events.get(0));
    assertThrows(StoreException.class, () -> store.record(events.get(0)));

    events.subList(1, events.size()).forEach(store::record);

    assertEquals(events, store.events("run-again"));
  }

  @Test
  void should_refuse_a_second_writer_on_the_same_file_in_this_process() {
    StoreLockedException error =
        assertThrows(StoreLockedException.class, () -> DuckDbTraceStore.open(file));

    assertTrue(error.getMessage().contains("already open in this process"), error.getMessage());
  }

  @Test
  void should_refuse_to_read_only_open_a_file_this_process_writes() {
    assertThrows(StoreLockedException.class, () -> DuckDbTraceStore.openReadOnly(file));

    store.record(SampleRuns.fullRun("run-still-fine", T0).get(0));
    assertTrue(store.run("run-still-fine").isPresent());
  }

  @Test
  void should_refuse_writes_on_a_read_only_store() {
    store.record(SampleRuns.fullRun("run-ro", T0).get(0));
    store.close();

    try (DuckDbTraceStore readOnly = DuckDbTraceStore.openReadOnly(file)) {
      // nobody writes the file, so nobody is recording the run that it says is running
      assertEquals(RunStatus.INTERRUPTED, readOnly.run("run-ro").orElseThrow().status());
      assertThrows(StoreException.class, () -> readOnly.record(SampleRuns.fullRun("x", T0).get(0)));
    }
  }

  @Test
  void should_say_there_is_no_store_when_the_file_is_missing() {
    Path missing = dir.resolve("missing.duckdb");

    StoreNotFoundException error =
        assertThrows(StoreNotFoundException.class, () -> DuckDbTraceStore.openReadOnly(missing));

    assertEquals(
        "no store at " + missing + "; run `distillery demo` or pass --store", error.getMessage());
    assertTrue(Files.notExists(missing));
  }

  @Test
  void should_give_back_every_kind_of_event_exactly_as_recorded() {
    List<TraceEvent> events = new ArrayList<>(SampleRuns.fullRun("run-kinds", T0));
    TraceEvent checkpoint =
        new TraceEvent(
            "ev-checkpoint",
            "run-kinds",
            null,
            events.size(),
            T0.plusSeconds(60),
            null,
            new EventPayload.Checkpoint(1, 4, "/snapshots/run-kinds/000007", "link"));
    events.add(checkpoint);
    events.add(
        new TraceEvent(
            "ev-resumed",
            "run-kinds",
            null,
            events.size(),
            T0.plusSeconds(61),
            null,
            new EventPayload.RunResumed(
                checkpoint.id(), 1, "/snapshots/run-kinds/000007", "the process was killed")));
    events.forEach(store::record);
    List<TraceEvent> controls = SampleRuns.controlRun("run-controls", T0);
    controls.forEach(store::record);

    List<TraceEvent> stored = store.events("run-kinds");
    List<TraceEvent> storedControls = store.events("run-controls");

    assertEquals(events, stored);
    assertEquals(controls, storedControls);
    List<EventKind> kinds =
        new java.util.ArrayList<>(stored.stream().map(TraceEvent::kind).toList());
    storedControls.forEach(event -> kinds.add(event.kind()));
    assertTrue(
        kinds.containsAll(List.of(EventKind.values())), "the sample misses a kind: " + kinds);
  }
}
