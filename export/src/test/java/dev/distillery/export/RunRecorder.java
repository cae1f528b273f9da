package dev.distillery.export;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records one run into a {@link FakeTraceRepository} the way the agent loop does: each model
 * request appends the messages new since the last one and holds the whole log as its context; each
 * response is stored once as the next message; tool calls and results come in pairs.
 */
final class RunRecorder {
  static final ToolSpec WRITE_FILE =
      new ToolSpec(
          "write_file",
          "Write a file in the workspace.",
          "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},"
              + "\"content\":{\"type\":\"string\"}},\"required\":[\"path\",\"content\"]}");
  static final ToolSpec BASH =
      new ToolSpec(
          "bash",
          "Run a shell command.",
          "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}},"
              + "\"required\":[\"command\"]}");
  static final ToolSpec LIST_FILES =
      new ToolSpec("list_files", "List the workspace.", "{\"type\":\"object\",\"properties\":{}}");

  static final ToolSpec RUN_TESTS =
      new ToolSpec("run_tests", "Run the test suite.", "{\"type\":\"object\",\"properties\":{}}");

  private final FakeTraceRepository repository;
  private final String runId;
  private final RunSpec spec;
  private final Instant start;
  private final List<Message> log = new ArrayList<>();
  private List<ToolSpec> tools = List.of(WRITE_FILE, BASH, LIST_FILES);
  private int sent;
  private long seq;
  private int turns;
  private Usage usage = Usage.ZERO;
  private double cost;

  RunRecorder(FakeTraceRepository repository, String runId, RunSpec spec, Instant start) {
    this.repository = repository;
    this.runId = runId;
    this.spec = spec;
    this.start = start;
    emit(new EventPayload.RunStarted(spec));
    emit(new EventPayload.StateChanged(null, "start"));
  }

  RunRecorder tools(ToolSpec... offered) {
    tools = List.of(offered);
    return this;
  }

  RunRecorder system(String content) {
    return append(Message.system(content));
  }

  RunRecorder user(String content) {
    return append(Message.user(content));
  }

  /** A model call answered with this text and these calls. */
  RunRecorder reply(String content, ToolCall... calls) {
    request();
    Message reply = Message.assistant(content, List.of(calls));
    Usage turn = new Usage(100L * (turns + 1), 20);
    emit(new EventPayload.ModelResponse(log.size(), reply, "stop", turn, 900, 0.001));
    append(reply);
    sent = log.size();
    turns++;
    usage = usage.plus(turn);
    cost += 0.001;
    return this;
  }

  /** A model call that failed: the request is recorded, no response. */
  RunRecorder failedRequest(String errorType) {
    request();
    emit(new EventPayload.Error(errorType, "the provider said no", true));
    return this;
  }

  RunRecorder result(ToolCall call, String output, boolean isError) {
    emit(new EventPayload.ToolCalled(call.id(), call.name(), call.argumentsJson()));
    emit(
        new EventPayload.ToolResult(
            call.id(), call.name(), output, isError ? 1 : 0, false, isError));
    return append(Message.tool(call.id(), call.name(), output));
  }

  Run finish(RunStatus status, String outcome, CheckStatus check) {
    CheckResult result =
        check == null
            ? null
            : new CheckResult(
                check, "make test", check == CheckStatus.PASS ? 0 : 1, "check says " + check, 40);
    if (result != null) {
      emit(new EventPayload.CheckFinished(result));
    }
    Double total = turns == 0 ? null : Math.round(cost * 1000) / 1000.0;
    emit(new EventPayload.RunFinished(status, outcome, outcome + ".", turns, usage, total, result));
    Run run =
        new Run(
            runId,
            spec,
            status,
            outcome,
            outcome + ".",
            start,
            at(seq - 1),
            turns,
            usage,
            total,
            result);
    repository.put(run);
    return run;
  }

  private void request() {
    List<Integer> context = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      context.add(i);
    }
    emit(
        new EventPayload.ModelRequest(
            sent, log.subList(sent, log.size()), context, tools, "{\"temperature\":0}"));
  }

  private RunRecorder append(Message message) {
    repository.log(runId, message);
    log.add(message);
    return this;
  }

  private void emit(EventPayload payload) {
    repository.record(new TraceEvent(runId + "-e" + seq, runId, null, seq, at(seq), null, payload));
    seq++;
  }

  private Instant at(long step) {
    return start.plusSeconds(step);
  }
}
