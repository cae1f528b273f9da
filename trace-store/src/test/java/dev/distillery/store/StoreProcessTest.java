package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What happens across processes: a writer killed mid-run, and a file another process holds. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreProcessTest {
  @TempDir Path dir;

  @Test
  void should_mark_run_interrupted_when_process_was_killed() throws Exception {
    Path file = dir.resolve("killed.duckdb");
    long lastCommitted;
    try (ChildJvm child = ChildJvm.start("record", file.toString(), "run-killed")) {
      lastCommitted = -1;
      while (lastCommitted < 50) {
        String line = child.nextLine();
        lastCommitted = Long.parseLong(line.substring("committed ".length()));
      }
      child.process().destroyForcibly();
      assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "the child did not die");
    }

    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      List<TraceEvent> events = store.events("run-killed");
      TraceEvent finish = events.get(events.size() - 1);
      assertTrue(events.size() >= lastCommitted + 2, "lost events: only " + events.size());
      for (int seq = 0; seq < events.size(); seq++) {
        assertEquals(seq, events.get(seq).seq());
      }
      assertEquals(EventKind.RUN_FINISHED, finish.kind());
      Run run = store.run("run-killed").orElseThrow();
      assertEquals(RunStatus.INTERRUPTED, run.status());
      assertEquals("interrupted", run.outcome());
    }
  }

  @Test
  void should_keep_the_store_locked_against_other_processes_after_copying_it() throws Exception {
    Path file = dir.resolve("served.duckdb");
    Path copy = dir.resolve("served.duckdb.snapshot-1.duckdb");
    try (ChildJvm child = ChildJvm.start("snapshot", file.toString(), copy.toString())) {
      assertEquals("ready", child.nextLine());

      assertThrows(StoreLockedException.class, () -> DuckDbTraceStore.open(file));
      assertThrows(StoreLockedException.class, () -> DuckDbTraceStore.openReadOnly(file));
      try (DuckDbTraceStore reader = DuckDbTraceStore.openSnapshot(copy, false)) {
        assertEquals(13, reader.events("run-copied").size());
      }
      child.process().getOutputStream().close();
      assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "the child did not exit");
      assertEquals(0, child.process().exitValue());
    }
  }

  @Test
  void should_name_the_process_that_holds_the_store() throws Exception {
    Path file = dir.resolve("held.duckdb");
    try (ChildJvm child = ChildJvm.start("hold", file.toString())) {
      assertEquals("ready", child.nextLine());
      String pid = "(PID " + child.process().pid() + ")";

      StoreLockedException writing =
          assertThrows(StoreLockedException.class, () -> DuckDbTraceStore.open(file));
      StoreLockedException reading =
          assertThrows(StoreLockedException.class, () -> DuckDbTraceStore.openReadOnly(file));

      assertEquals(
          "store "
              + file
              + " is in use by another process "
              + pid
              + "; stop it or pass --store to use another file",
          writing.getMessage());
      assertEquals(child.process().pid(), writing.pid().orElseThrow());
      assertTrue(reading.getMessage().contains(pid), reading.getMessage());
      child.process().getOutputStream().close();
      assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "the child did not exit");
      assertEquals(0, child.process().exitValue());
    }
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      assertTrue(store.runs(RunFilter.latest(1)).isEmpty());
    }
  }
}
