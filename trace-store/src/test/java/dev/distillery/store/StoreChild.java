package dev.distillery.store;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.EventPayload.ToolResult;
import dev.distillery.trace.Ids;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A second process for tests. {@code record FILE RUN}: starts a run and records events one by one,
 * printing {@code committed SEQ} after each returns, until killed. {@code hold FILE}: opens the
 * store, prints {@code ready}, and keeps it open until its stdin closes. {@code snapshot FILE
 * COPY}: as {@code hold}, after recording a run and copying the store to {@code COPY}.
 */
public final class StoreChild {
  private StoreChild() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[1]);
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      if (args[0].equals("snapshot")) {
        SampleRuns.fullRun("run-copied", SampleRuns.T0).forEach(store::record);
        store.snapshotTo(Path.of(args[2]));
      }
      if (args[0].equals("hold") || args[0].equals("snapshot")) {
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait for the test to close our stdin
        }
        return;
      }
      String runId = args[2];
      record(store, runId, 0, new RunStarted(SampleRuns.spec("count to a million")));
      for (long seq = 1; seq < 1_000_000; seq++) {
        String output = "line " + seq + " of the tool's output";
        record(store, runId, seq, new ToolResult("call_" + seq, "shell", output, 0, false, false));
      }
    }
  }

  private static void record(DuckDbTraceStore store, String runId, long seq, EventPayload payload) {
    store.record(new TraceEvent(Ids.newId(), runId, null, seq, Instant.now(), null, payload));
    System.out.println("committed " + seq);
    System.out.flush();
  }
}
