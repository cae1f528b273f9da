package dev.distillery.annotate;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import dev.distillery.trace.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs recorded into a real store the way the agent records them. */
final class TestRuns {
  static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

  private final TraceSink store;
  private final String runId;
  private final Instant start;
  private long seq;

  private TestRuns(TraceSink store, String runId, Instant start) {
    this.store = store;
    this.runId = runId;
    this.start = start;
  }

  /** Starts a run: records its request; more events follow with {@link #add}. */
  static TestRuns start(TraceSink store, String runId, int minute, RunSpec spec) {
    TestRuns run = new TestRuns(store, runId, T0.plus(Duration.ofMinutes(minute)));
    run.add(null, null, new EventPayload.RunStarted(spec));
    return run;
  }

  static RunSpec spec(String prompt, String model, String task, String suite) {
    return new RunSpec(
        prompt, task, suite, 1, model, "scripted", "tools", "/tmp", null, null, "{}");
  }

  /**
   * A whole run: the model calls {@code shell}, the tool prints {@code toolOutput}, the model
   * answers, the check (when given) ends with {@code check}.
   */
  static void finished(
      TraceSink store,
      String runId,
      int minute,
      RunSpec spec,
      String toolOutput,
      CheckStatus check) {
    TestRuns run = start(store, runId, minute, spec);
    run.toolTurn(toolOutput);
    CheckResult result =
        check == null
            ? null
            : new CheckResult(
                check,
                "make test",
                check == CheckStatus.PASS ? 0 : 1,
                "check said " + check.wire(),
                20);
    if (result != null) {
      run.add(null, null, new EventPayload.CheckFinished(result));
    }
    RunStatus status = check == CheckStatus.FAIL ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    run.add(
        null,
        null,
        new EventPayload.RunFinished(
            status, "answered", "the model answered", 2, new Usage(120, 30), 0.002, result));
  }

  /** A model turn asking for {@code shell}, the call and its result. */
  void toolTurn(String toolOutput) {
    Message system = Message.system("You are careful.");
    Message user = Message.user("Do the task.");
    ToolCall call = new ToolCall("call_" + seq, "shell", "{\"cmd\":\"cat notes.txt\",\"n\":1}");
    String request =
        add(
            null,
            null,
            new EventPayload.ModelRequest(
                0, List.of(system, user), List.of(0, 1), List.of(), null));
    String response =
        add(
            request,
            700L,
            new EventPayload.ModelResponse(
                2,
                Message.assistant("Let me look.", List.of(call)),
                "tool_calls",
                new Usage(100, 20),
                700,
                0.001));
    String called =
        add(response, null, new EventPayload.ToolCalled(call.id(), "shell", call.argumentsJson()));
    add(called, 15L, new EventPayload.ToolResult(call.id(), "shell", toolOutput, 0, false, false));
  }

  String add(String parentId, Long durationMs, EventPayload payload) {
    TraceEvent event =
        new TraceEvent(
            Ids.newId(), runId, parentId, seq, start.plusMillis(seq), durationMs, payload);
    seq++;
    store.record(event);
    return event.id();
  }
}
