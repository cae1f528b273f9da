package dev.distillery.capture.otlp.out;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a run's events, as they are recorded, into GenAI spans: one tree per run. */
final class SpanWriter {
  /** What is open of one run. */
  private static final class RunSpans {
    final Span root;
    final RunSpec spec;
    final List<Message> log = new ArrayList<>();
    final Map<String, Span> tools = new HashMap<>();
    Span chat;

    RunSpans(Span root, RunSpec spec) {
      this.root = root;
      this.spec = spec;
    }
  }

  private final Tracer tracer;
  private final Map<String, RunSpans> runs = new HashMap<>();

  SpanWriter(Tracer tracer) {
    this.tracer = tracer;
  }

  synchronized void accept(TraceEvent event) {
    try {
      write(event);
    } catch (RuntimeException e) {
      // spans are a copy for others to see: a run never fails for them
    }
  }

  private void write(TraceEvent event) {
    if (event.payload() instanceof EventPayload.RunStarted started) {
      runs.put(event.runId(), new RunSpans(agentSpan(event, started.spec()), started.spec()));
      return;
    }
    RunSpans run = runs.get(event.runId());
    if (run == null) {
      return;
    }
    switch (event.kind()) {
      case MODEL_REQUEST -> request(event, run, (EventPayload.ModelRequest) event.payload());
      case MODEL_RESPONSE -> response(event, run, (EventPayload.ModelResponse) event.payload());
      case ERROR -> error(event, run, (EventPayload.Error) event.payload());
      case TOOL_CALL -> toolCalled(event, run, (EventPayload.ToolCalled) event.payload());
      case TOOL_RESULT -> toolResult(event, run, (EventPayload.ToolResult) event.payload());
      case RUN_FINISHED -> finished(event, run, (EventPayload.RunFinished) event.payload());
      default -> run.root.addEvent("distillery." + event.kind().wire(), event.timestamp());
    }
  }

  private Span agentSpan(TraceEvent event, RunSpec spec) {
    return tracer
        .spanBuilder("invoke_agent distillery")
        .setSpanKind(SpanKind.INTERNAL)
        .setNoParent()
        .setStartTimestamp(event.timestamp())
        .setAttribute("gen_ai.operation.name", "invoke_agent")
        .setAttribute("gen_ai.agent.name", "distillery")
        .setAttribute("gen_ai.request.model", spec.model())
        .setAttribute("gen_ai.provider.name", spec.provider())
        .setAttribute("gen_ai.conversation.id", event.runId())
        .setAttribute("distillery.run_id", event.runId())
        .setAttribute("distillery.mode", spec.mode())
        .setAttribute("distillery.task_prompt", spec.taskPrompt())
        .startSpan();
  }

  private void request(TraceEvent event, RunSpans run, EventPayload.ModelRequest request) {
    for (int i = 0; i < request.appended().size(); i++) {
      put(run.log, request.firstIndex() + i, request.appended().get(i));
    }
    List<Message> sent = new ArrayList<>();
    for (int index : request.context()) {
      if (index >= 0 && index < run.log.size() && run.log.get(index) != null) {
        sent.add(run.log.get(index));
      }
    }
    Span chat =
        child(run, "chat " + run.spec.model(), SpanKind.CLIENT, event)
            .setAttribute("gen_ai.operation.name", "chat")
            .setAttribute("gen_ai.request.model", run.spec.model())
            .setAttribute("gen_ai.provider.name", run.spec.provider())
            .setAttribute("gen_ai.input.messages", GenAiJson.input(sent))
            .startSpan();
    String system = GenAiJson.systemInstructions(sent);
    if (system != null) {
      chat.setAttribute("gen_ai.system_instructions", system);
    }
    if (!request.tools().isEmpty()) {
      chat.setAttribute("gen_ai.tool.definitions", GenAiJson.tools(request.tools()));
    }
    GenAiJson.parameters(request.parametersJson(), chat);
    endChat(run, event);
    run.chat = chat;
  }

  private void response(TraceEvent event, RunSpans run, EventPayload.ModelResponse response) {
    put(run.log, response.index(), response.message());
    if (run.chat == null) {
      return;
    }
    run.chat.setAttribute(
        "gen_ai.output.messages", GenAiJson.output(response.message(), response.finishReason()));
    if (response.finishReason() != null) {
      run.chat.setAttribute(
          AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"),
          List.of(response.finishReason()));
    }
    run.chat.setAttribute("gen_ai.usage.input_tokens", response.usage().promptTokens());
    run.chat.setAttribute("gen_ai.usage.output_tokens", response.usage().completionTokens());
    endChat(run, event);
  }

  private void error(TraceEvent event, RunSpans run, EventPayload.Error error) {
    Span failed = run.chat != null ? run.chat : run.root;
    failed.setStatus(StatusCode.ERROR, error.message());
    failed.setAttribute("error.type", error.errorType());
    endChat(run, event);
  }

  private void toolCalled(TraceEvent event, RunSpans run, EventPayload.ToolCalled called) {
    Span tool =
        child(run, "execute_tool " + called.toolName(), SpanKind.INTERNAL, event)
            .setAttribute("gen_ai.operation.name", "execute_tool")
            .setAttribute("gen_ai.tool.name", called.toolName())
            .setAttribute("gen_ai.tool.call.id", called.callId())
            .setAttribute("gen_ai.tool.call.arguments", called.argumentsJson())
            .setAttribute("gen_ai.tool.type", "function")
            .startSpan();
    Span earlier = run.tools.put(called.callId(), tool);
    if (earlier != null) {
      earlier.end(event.timestamp());
    }
  }

  private void toolResult(TraceEvent event, RunSpans run, EventPayload.ToolResult result) {
    Span tool = run.tools.remove(result.callId());
    if (tool == null) {
      return;
    }
    tool.setAttribute("gen_ai.tool.call.result", result.output());
    if (result.isError()) {
      tool.setStatus(StatusCode.ERROR, "the tool call failed");
    }
    tool.end(event.timestamp());
  }

  private void finished(TraceEvent event, RunSpans run, EventPayload.RunFinished finished) {
    endChat(run, event);
    run.tools.values().forEach(span -> span.end(event.timestamp()));
    run.root.setAttribute("gen_ai.usage.input_tokens", finished.usage().promptTokens());
    run.root.setAttribute("gen_ai.usage.output_tokens", finished.usage().completionTokens());
    run.root.setAttribute("distillery.status", finished.status().wire());
    run.root.setAttribute("distillery.outcome", finished.outcome());
    if (finished.status() != RunStatus.SUCCEEDED) {
      run.root.setStatus(
          StatusCode.ERROR, finished.reason() == null ? finished.outcome() : finished.reason());
    }
    run.root.end(event.timestamp());
    runs.remove(event.runId());
  }

  /** Ends the spans of runs still open (the process stops). */
  synchronized void endOpen() {
    for (RunSpans run : runs.values()) {
      if (run.chat != null) {
        run.chat.end();
      }
      run.tools.values().forEach(Span::end);
      run.root.end();
    }
    runs.clear();
  }

  private io.opentelemetry.api.trace.SpanBuilder child(
      RunSpans run, String name, SpanKind kind, TraceEvent event) {
    return tracer
        .spanBuilder(name)
        .setParent(Context.root().with(run.root))
        .setSpanKind(kind)
        .setStartTimestamp(event.timestamp());
  }

  private static void endChat(RunSpans run, TraceEvent event) {
    if (run.chat != null) {
      run.chat.end(event.timestamp());
      run.chat = null;
    }
  }

  private static void put(List<Message> log, int index, Message message) {
    while (log.size() <= index) {
      log.add(null);
    }
    log.set(index, message);
  }
}
