package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints, resumes and run links as the store keeps them (schema v6). */
class DurableRunsStoreTest {
  @TempDir Path dir;

  private static TraceEvent event(String runId, long seq, EventPayload payload) {
    return new TraceEvent(
        Ids.newId(), runId, null, seq, SampleRuns.T0.plusSeconds(seq), null, payload);
  }

  private static EventPayload.RunFinished finished(RunStatus status, String outcome) {
    return new EventPayload.RunFinished(status, outcome, "why", 1, Usage.ZERO, null, null);
  }

  private static List<TraceEvent> interruptedThenResumed(String runId) {
    List<TraceEvent> events = new ArrayList<>();
    events.add(
        event(runId, 0, new EventPayload.RunStarted(RunSpec.adHoc("p", "m", "x", "agent", "/w"))));
    TraceEvent checkpoint = event(runId, 1, new EventPayload.Checkpoint(0, 1, "/snap/1", "link"));
    events.add(checkpoint);
    events.add(event(runId, 2, finished(RunStatus.INTERRUPTED, "interrupted")));
    events.add(
        event(runId, 3, new EventPayload.RunResumed(checkpoint.id(), 0, "/snap/1", "killed")));
    return events;
  }

  @Test
  void should_set_a_resumed_run_running_again_until_it_finishes_again() {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("s.duckdb"))) {
      List<TraceEvent> events = interruptedThenResumed("r1");
      events.subList(0, 3).forEach(store::record);
      assertEquals(RunStatus.INTERRUPTED, store.run("r1").orElseThrow().status());

      store.record(events.get(3));
      Run resumed = store.run("r1").orElseThrow();
      assertEquals(RunStatus.RUNNING, resumed.status());
      assertNull(resumed.outcome());
      assertNull(resumed.endedAt());

      store.record(event("r1", 4, finished(RunStatus.SUCCEEDED, "answered")));
      assertEquals(RunStatus.SUCCEEDED, store.run("r1").orElseThrow().status());
      assertEquals(events.get(1).payload(), store.events("r1").get(1).payload());
      assertEquals(events.get(3).payload(), store.events("r1").get(3).payload());
    }
  }

  @Test
  void should_apply_a_resume_in_a_batch_like_one_by_one() {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("s.duckdb"))) {
      store.recordAll(interruptedThenResumed("r1"));
      store.recordAll(interruptedThenResumed("r2").subList(0, 3));
      store.recordAll(interruptedThenResumed("r2").subList(3, 4));

      assertEquals(RunStatus.RUNNING, store.run("r1").orElseThrow().status());
      assertEquals(RunStatus.RUNNING, store.run("r2").orElseThrow().status());
    }
  }

  @Test
  void should_list_the_tree_of_forks_and_retries_and_show_it_in_the_views() throws Exception {
    Path file = dir.resolve("s.duckdb");
    RunSpec root = RunSpec.adHoc("p", "m", "x", "agent", "/w");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      store.record(event("root", 0, new EventPayload.RunStarted(root)));
      TraceEvent at = event("root", 1, new EventPayload.Checkpoint(2, 5, null, "off"));
      store.record(at);
      store.record(
          event("fork", 0, new EventPayload.RunStarted(root.forkedAt("root", at.id(), "q", "/f"))));
      store.record(event("retry", 0, new EventPayload.RunStarted(root.retriedAs("fork", 2, "/r"))));
      store.record(event("other", 0, new EventPayload.RunStarted(root)));

      assertEquals(
          List.of("fork", "retry", "root"),
          store.family("retry").stream().map(Run::id).sorted().toList());
      assertEquals(List.of("other"), store.family("other").stream().map(Run::id).toList());
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement();
        ResultSet links =
            statement.executeQuery(
                "SELECT run_id, link, parent_seq FROM run_links ORDER BY run_id"); ) {
      links.next();
      assertEquals("fork", links.getString(1));
      assertEquals("fork", links.getString(2));
      assertEquals(1, links.getInt(3));
      links.next();
      assertEquals("retry", links.getString(2));
      try (ResultSet checkpoints =
          connection
              .createStatement()
              .executeQuery("SELECT run_id, step, messages, snapshot_mode FROM checkpoints")) {
        checkpoints.next();
        assertEquals("root", checkpoints.getString(1));
        assertEquals(2, checkpoints.getInt(2));
        assertEquals(5, checkpoints.getInt(3));
        assertEquals("off", checkpoints.getString(4));
      }
    }
  }
}
