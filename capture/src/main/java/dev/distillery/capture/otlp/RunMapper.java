package dev.distillery.capture.otlp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the spans of one trace into the events of one run, as the agent loop records a native run:
 * run_started, then per model span a model_request and model_response (the conversation stored
 * once, each request's context pointing into it), per tool span a tool_call and tool_result, every
 * other span a raw record, then run_finished. Event ids come from the trace and span ids, so a span
 * sent again is recognised.
 */
final class RunMapper {
  static final String MODE = "otlp";

  private final String runId;
  private final MapperState state;
  private final List<TraceEvent> out = new ArrayList<>();

  RunMapper(String runId, MapperState state) {
    this.runId = runId;
    this.state = state;
  }

  /**
   * A whole run: started, every span in time order, finished.
   *
   * @param spans the trace's spans, each once
   * @param idleSeconds when the trace has no root span: how long it waited for one
   */
  static List<TraceEvent> run(List<OtlpSpan> spans, long idleSeconds) {
    List<OtlpSpan> ordered = SpanOrder.sorted(spans);
    OtlpSpan root = ordered.stream().filter(OtlpSpan::root).findFirst().orElse(null);
    String traceId = ordered.get(0).traceId();
    RunMapper mapper = new RunMapper(traceId, MapperState.fresh());
    // the root span's id is in the run's start and end, so that it is known when sent again
    String runBase = traceId + "." + (root != null ? root.spanId() : "run");
    mapper.emit(
        runBase + ".start",
        null,
        at(ordered.get(0).startNanos()),
        null,
        new EventPayload.RunStarted(RunSpecs.of(ordered, root)));
    for (OtlpSpan span : ordered) {
      mapper.span(span, span == root);
    }
    long end = ordered.stream().mapToLong(OtlpSpan::endNanos).max().orElse(0);
    mapper.emit(
        runBase + ".end",
        null,
        at(end),
        (end - ordered.get(0).startNanos()) / 1_000_000,
        mapper.finished(root, idleSeconds));
    return mapper.out;
  }

  /** Spans that came after their run was recorded, appended to it. */
  static List<TraceEvent> late(String runId, List<OtlpSpan> spans, MapperState state) {
    RunMapper mapper = new RunMapper(runId, state);
    for (OtlpSpan span : SpanOrder.sorted(spans)) {
      mapper.span(span, false);
    }
    return mapper.out;
  }

  private void span(OtlpSpan span, boolean root) {
    switch (SpanType.of(span)) {
      case MODEL -> model(span);
      case TOOL -> tool(span);
      case AGENT -> {
        if (!root) {
          raw(span);
        }
      }
      case OTHER -> raw(span);
    }
  }

  private void model(OtlpSpan span) {
    ModelCall call = ModelCall.of(span);
    String base = span.traceId() + "." + span.spanId();
    answeredCalls(span, base, call.input());
    EventPayload.ModelRequest request =
        state.request(call.input(), call.tools(), call.parametersJson());
    TraceEvent sent = emit(base + ".req", null, at(span.startNanos()), null, request);
    if (call.output() == null && span.statusError()) {
      emit(
          base + ".err",
          sent.id(),
          at(span.endNanos()),
          span.durationMs(),
          new EventPayload.Error("model_error", span.statusMessage(), false));
      return;
    }
    Message reply = call.output() != null ? call.output() : Message.assistant(null, List.of());
    EventPayload.ModelResponse response =
        new EventPayload.ModelResponse(
            state.replied(reply),
            reply,
            call.finishReason(),
            call.usage(),
            span.durationMs(),
            null);
    TraceEvent answered =
        emit(base + ".res", sent.id(), at(span.endNanos()), span.durationMs(), response);
    state.responded(answered.id(), reply, call.usage());
  }

  /** Tool results a request sends back that no tool span reported: recorded as a tool call. */
  private void answeredCalls(OtlpSpan span, String base, List<Message> input) {
    int i = 0;
    for (Message message : input) {
      if (message.role() != Role.TOOL || message.toolCallId() == null) {
        continue;
      }
      MapperState.Pending pending = state.pending(message.toolCallId());
      if (pending == null) {
        continue;
      }
      String name = message.name() != null ? message.name() : pending.toolName();
      TraceEvent called =
          emit(
              base + ".t" + i + ".call",
              pending.responseId(),
              at(span.startNanos()),
              null,
              new EventPayload.ToolCalled(message.toolCallId(), name, pending.argumentsJson()));
      emit(
          base + ".t" + i++ + ".result",
          called.id(),
          at(span.startNanos()),
          null,
          new EventPayload.ToolResult(
              message.toolCallId(), name, message.content(), null, false, false));
      state.answered(message.toolCallId());
    }
  }

  private void tool(OtlpSpan span) {
    String name = span.text("gen_ai.tool.name", "tool.name", "ai.toolCall.name");
    name = name != null ? name : span.name();
    String callId = span.text("gen_ai.tool.call.id", "tool_call.id", "ai.toolCall.id");
    MapperState.Pending pending =
        callId != null ? state.pending(callId) : state.pendingByName(name);
    if (callId == null) {
      callId = pending != null ? pending.callId() : span.spanId();
    }
    String arguments =
        span.text(
            "gen_ai.tool.call.arguments",
            "tool_call.function.arguments",
            "input.value",
            "ai.toolCall.args",
            "ai.toolCall.input");
    if (arguments == null) {
      arguments = pending != null ? pending.argumentsJson() : "{}";
    }
    String result = span.text("gen_ai.tool.call.result", "output.value");
    if (result == null) {
      result = VercelMessages.toolResult(span);
    }
    String base = span.traceId() + "." + span.spanId();
    TraceEvent called =
        emit(
            base + ".call",
            pending != null ? pending.responseId() : state.lastResponseId(),
            at(span.startNanos()),
            null,
            new EventPayload.ToolCalled(callId, name, arguments));
    emit(
        base + ".result",
        called.id(),
        at(span.endNanos()),
        span.durationMs(),
        new EventPayload.ToolResult(
            callId,
            name,
            result == null && span.statusError() ? span.statusMessage() : result,
            null,
            false,
            span.statusError()));
    state.answered(callId);
  }

  /** A span this mapping does not know, kept whole as a record beside the run's steps. */
  private void raw(OtlpSpan span) {
    ObjectNode json = GenAiMessages.JSON.createObjectNode();
    json.put("name", span.name());
    json.put("kind", span.kind());
    json.put("span_id", span.spanId());
    json.put("parent_span_id", span.parentSpanId());
    json.put("status", span.statusError() ? "error" : "ok");
    if (!span.statusMessage().isEmpty()) {
      json.put("status_message", span.statusMessage());
    }
    json.set("attributes", GenAiMessages.JSON.valueToTree(span.attributes()));
    if (!span.events().isEmpty()) {
      json.set("events", GenAiMessages.JSON.valueToTree(span.events()));
    }
    emit(
        span.traceId() + "." + span.spanId() + ".span",
        null,
        at(span.startNanos()),
        span.durationMs(),
        new EventPayload.HookRan(
            span.spanId(),
            span.name(),
            "otlp_span",
            span.name(),
            null,
            false,
            json.toPrettyString()));
  }

  private EventPayload.RunFinished finished(OtlpSpan root, long idleSeconds) {
    Usage usage = state.usage();
    if (root == null) {
      return new EventPayload.RunFinished(
          RunStatus.SUCCEEDED,
          "no_root_span",
          "no root span came within " + idleSeconds + " s of the trace's last span; kept what came",
          state.turns(),
          usage,
          null,
          null);
    }
    if (root.statusError()) {
      return new EventPayload.RunFinished(
          RunStatus.FAILED,
          "error",
          "the root span \"" + root.name() + "\" ended with an error: " + root.statusMessage(),
          state.turns(),
          usage,
          null,
          null);
    }
    return new EventPayload.RunFinished(
        RunStatus.SUCCEEDED,
        "answered",
        "the trace's root span \"" + root.name() + "\" ended",
        state.turns(),
        usage,
        null,
        null);
  }

  private TraceEvent emit(
      String id, String parentId, Instant at, Long durationMs, EventPayload payload) {
    TraceEvent event =
        new TraceEvent(id, runId, parentId, state.nextSeq(), at, durationMs, payload);
    out.add(event);
    return event;
  }

  static Instant at(long nanos) {
    return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
  }
}
