package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.LabelSource;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A store whose labels are known, for agreement and export by label source. Runs r1 to r10 (each
 * its own task t1..t10, a one-turn chat), labelled by two people (alice, bob), a judge ({@code
 * judge:m}) and a check:
 *
 * <pre>
 * run  alice      bob        judge:m    check
 * r1   correct    correct    correct    pass
 * r2   correct    correct    correct    pass
 * r3   correct    incorrect  correct    fail
 * r4   correct    correct    incorrect  pass   (judge said correct first, then changed)
 * r5   incorrect  incorrect  incorrect  fail
 * r6   incorrect  correct    incorrect  fail
 * r7   incorrect  (withdrew) correct    fail   (bob said incorrect, then withdrew it)
 * r8   incorrect  correct    -          -
 * r9   -          -          correct    fail
 * r10  -          -          -          pass
 * </pre>
 */
final class LabelledStore {
  static final String JUDGE = LabelSource.judgeAuthor("m");
  private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");
  private static final String[][] TABLE = {
    {"r1", "correct", "correct", "correct", "pass"},
    {"r2", "correct", "correct", "correct", "pass"},
    {"r3", "correct", "incorrect", "correct", "fail"},
    {"r4", "correct", "correct", "incorrect", "pass"},
    {"r5", "incorrect", "incorrect", "incorrect", "fail"},
    {"r6", "incorrect", "correct", "incorrect", "fail"},
    {"r7", "incorrect", null, "correct", "fail"},
    {"r8", "incorrect", "correct", null, null},
    {"r9", null, null, "correct", "fail"},
    {"r10", null, null, null, "pass"}
  };

  private LabelledStore() {}

  static void make(Path file) {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      List<TraceEvent> events = new ArrayList<>();
      for (int i = 0; i < TABLE.length; i++) {
        String[] row = TABLE[i];
        events.addAll(run(row[0], i, row[4] == null ? null : CheckStatus.fromWire(row[4])));
      }
      store.recordAll(events);
      Instant t = T0.plusSeconds(3600);
      for (String[] row : TABLE) {
        label(store, row[0], "alice", row[1], t);
        label(store, row[0], "bob", row[2], t);
        label(store, row[0], JUDGE, row[3], t);
      }
      label(store, "r4", JUDGE, "correct", t.minusSeconds(60));
      label(store, "r7", "bob", "incorrect", t.minusSeconds(60));
      label(store, "r7", "bob", Annotation.WITHDRAWN, t);
    }
  }

  private static void label(
      DuckDbTraceStore store, String run, String author, String label, Instant at) {
    if (label != null) {
      String id = run + "-" + author + "-" + at.getEpochSecond();
      store.annotate(new Annotation(id, run, null, author, label, List.of(), null, at));
    }
  }

  private static List<TraceEvent> run(String runId, int n, CheckStatus check) {
    String task = "t" + runId.substring(1);
    RunSpec spec =
        new RunSpec(
            "Solve " + task + ".",
            task,
            "s1",
            1,
            "gpt-a",
            "openai",
            "chat",
            null,
            null,
            null,
            "{}");
    List<EventPayload> payloads = new ArrayList<>();
    payloads.add(new EventPayload.RunStarted(spec));
    payloads.add(
        new EventPayload.ModelRequest(
            0, List.of(Message.user("Solve " + task + ".")), List.of(0), List.of(), null));
    payloads.add(
        new EventPayload.ModelResponse(
            1,
            Message.assistant("Solved " + task + ".", List.of()),
            "stop",
            new Usage(10, 5),
            100,
            null));
    CheckResult result = check == null ? null : new CheckResult(check, "make test", 0, "", 10);
    if (result != null) {
      payloads.add(new EventPayload.CheckFinished(result));
    }
    payloads.add(
        new EventPayload.RunFinished(
            RunStatus.SUCCEEDED, "answered", "finished", 1, new Usage(10, 5), null, result));
    List<TraceEvent> events = new ArrayList<>();
    Instant start = T0.plusSeconds(60L * n);
    for (EventPayload payload : payloads) {
      int seq = events.size();
      events.add(
          new TraceEvent(
              runId + "-e" + seq, runId, null, seq, start.plusMillis(100L * seq), null, payload));
    }
    return events;
  }
}
