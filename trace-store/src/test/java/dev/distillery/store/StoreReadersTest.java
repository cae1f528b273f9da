package dev.distillery.store;

import static dev.distillery.trace.SampleRuns.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunQuery;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reader sees: a file that no process writes, or a copy that a live writer made. */
class StoreReadersTest {
  private static final String OBJECTS =
      "SELECT 'table ' || table_name AS object FROM duckdb_tables() WHERE NOT internal"
          + " UNION ALL SELECT 'view ' || view_name FROM duckdb_views() WHERE NOT internal"
          + " UNION ALL SELECT 'macro ' || function_name FROM duckdb_functions()"
          + "   WHERE NOT internal AND function_type = 'macro'"
          + " UNION ALL SELECT 'version ' || value FROM distillery_meta WHERE key = 'schema_version'"
          + " ORDER BY 1";

  @TempDir Path dir;

  /** A finished run, and one whose process died before it finished. */
  private Path storeWithAKilledRun() {
    Path file = dir.resolve("killed.duckdb");
    try (DuckDbTraceStore writer = DuckDbTraceStore.open(file)) {
      SampleRuns.fullRun("run-done", T0).forEach(writer::record);
      List<TraceEvent> killed = SampleRuns.fullRun("run-killed", T0.plusSeconds(60));
      killed.subList(0, killed.size() - 1).forEach(writer::record);
    }
    return file;
  }

  @Test
  void should_show_a_run_left_running_as_interrupted_when_no_process_writes_the_file() {
    Path file = storeWithAKilledRun();

    try (DuckDbTraceStore reader = DuckDbTraceStore.openReadOnly(file)) {
      Run killed = reader.run("run-killed").orElseThrow();
      assertEquals(RunStatus.INTERRUPTED, killed.status());
      assertEquals("interrupted", killed.outcome());
      assertTrue(killed.reason().contains("stopped before it finished"), killed.reason());
      assertEquals(
          List.of(RunStatus.INTERRUPTED, RunStatus.SUCCEEDED),
          reader.runs(RunFilter.latest(10)).stream().map(Run::status).toList());
      assertEquals(
          0, reader.countRuns(RunFilter.builder().status(RunStatus.RUNNING).limit(10).build()));
      assertEquals(
          1, reader.countRuns(RunFilter.builder().status(RunStatus.INTERRUPTED).limit(10).build()));
    }
    try (DuckDbTraceStore reader = DuckDbTraceStore.openReadOnlyForQueries(file)) {
      assertEquals(
          List.of(List.of("run-done", "succeeded"), List.of("run-killed", "interrupted")),
          reader.query("SELECT id, status FROM runs ORDER BY id", 10).rows());
      assertEquals(
          List.of(List.of("interrupted")),
          reader.query("SELECT status FROM runs WHERE id = 'run-killed'", 10).rows());
      try (Stream<RunTrace> stream =
          reader.traces(RunQuery.builder().where("status = 'interrupted'").build())) {
        List<RunTrace> interrupted = stream.toList();
        assertEquals(1, interrupted.size());
        assertEquals(RunStatus.INTERRUPTED, interrupted.get(0).run().status());
      }
    }
    // the file is as it was: the next writer records the interruption
    try (DuckDbTraceStore writer = DuckDbTraceStore.open(file)) {
      assertEquals(RunStatus.INTERRUPTED, writer.run("run-killed").orElseThrow().status());
      assertEquals(Recovery.REASON, writer.run("run-killed").orElseThrow().reason());
    }
  }

  @Test
  void should_copy_every_committed_write_and_object_while_the_writer_goes_on() {
    Path file = dir.resolve("live.duckdb");
    Path copy = dir.resolve("live.duckdb.snapshot-1.duckdb");
    List<List<Object>> objects;
    try (DuckDbTraceStore writer = DuckDbTraceStore.open(file)) {
      SampleRuns.fullRun("run-done", T0).forEach(writer::record);
      List<TraceEvent> live = SampleRuns.fullRun("run-live", T0.plusSeconds(60));
      live.subList(0, 5).forEach(writer::record);

      writer.snapshotTo(copy);
      live.subList(5, live.size()).forEach(writer::record);
      objects = writer.console().query(OBJECTS, 100).rows();

      try (DuckDbTraceStore reader = DuckDbTraceStore.openSnapshot(copy, true)) {
        assertEquals(objects, reader.query(OBJECTS, 100).rows(), "tables, views, macros, version");
        assertEquals(5, reader.events("run-live").size(), "as it was when copied");
        assertEquals(
            RunStatus.RUNNING,
            reader.run("run-live").orElseThrow().status(),
            "the writer that made the copy may still be recording it");
        assertEquals(13, reader.events("run-done").size());
      }
      assertFalse(Files.exists(copy), "the copy goes with its reader");
      assertEquals(RunStatus.SUCCEEDED, writer.run("run-live").orElseThrow().status());
    }
    assertTrue(objects.size() > 15, objects.toString());
  }
}
