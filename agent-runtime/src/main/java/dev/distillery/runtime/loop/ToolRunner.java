package dev.distillery.runtime.loop;

import dev.distillery.runtime.tools.ToolContext;
import dev.distillery.runtime.tools.ToolOutput;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import java.util.List;

/**
 * Runs the tool calls of a reply through the gate, records each call and its result, and appends
 * the results to the conversation.
 */
final class ToolRunner {
  private final RunRecorder recorder;
  private final ToolRegistry offered;
  private final ToolGate gate;
  private final ToolContext context;
  private final Conversation conversation;

  ToolRunner(
      RunRecorder recorder,
      ToolRegistry offered,
      ToolGate gate,
      ToolContext context,
      Conversation conversation) {
    this.recorder = recorder;
    this.offered = offered;
    this.gate = gate;
    this.context = context;
    this.conversation = conversation;
  }

  void run(TraceEvent response, List<ToolCall> calls) {
    for (ToolCall call : calls) {
      TraceEvent called = called(response, call);
      long start = System.nanoTime();
      ToolOutput output =
          gate.pass(called, call, () -> offered.call(call.name(), call.argumentsJson(), context));
      long millis = (System.nanoTime() - start) / 1_000_000;
      recorder.record(
          called.id(),
          millis,
          new EventPayload.ToolResult(
              call.id(),
              call.name(),
              output.output(),
              output.exitCode(),
              output.truncated(),
              output.isError()));
      conversation.append(Message.tool(call.id(), call.name(), output.output()));
    }
  }

  /**
   * Answers each call of a reply cut at the length limit without running it, so that every call
   * still has its result (a later request of the session stays valid) and says why.
   */
  void notRun(TraceEvent response, List<ToolCall> calls) {
    String output =
        "not run: the reply was cut at the model's length limit (finish_reason length), so this"
            + " call's arguments may be incomplete";
    for (ToolCall call : calls) {
      TraceEvent called = called(response, call);
      recorder.record(
          called.id(),
          0L,
          new EventPayload.ToolResult(call.id(), call.name(), output, null, false, true));
      conversation.append(Message.tool(call.id(), call.name(), output));
    }
  }

  private TraceEvent called(TraceEvent response, ToolCall call) {
    return recorder.record(
        response.id(),
        null,
        new EventPayload.ToolCalled(call.id(), call.name(), call.argumentsJson()));
  }
}
