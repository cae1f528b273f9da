package dev.distillery.capture.proxy;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One proxied conversation recorded as a run, the way the agent loop records its own: each message
 * stored once, each request naming the messages it held, each reply's tool calls followed by their
 * results once the client sends them back. Not thread-safe: {@link Conversations} guards it.
 */
final class ProxyRun {
  /** One request of the run, from its model_request to its reply or error. */
  record Turn(ProxyRun run, TraceEvent request, List<Message> messages, List<Integer> indexes) {}

  private final String id = Ids.newId();
  private final String name;
  private final Instant startedAt;
  private final List<Message> log = new ArrayList<>();
  private final Map<String, String> toolNames = new LinkedHashMap<>();
  private final Map<String, ToolCall> pending = new LinkedHashMap<>();
  private List<Message> window = List.of();
  private List<Integer> windowIndexes = List.of();
  private String lastResponseId;
  private Instant lastActivity;
  private long seq;
  private int turns;
  private int inFlight;
  private Usage usage = Usage.ZERO;
  private boolean failedLast;
  private String finishedReason;

  private ProxyRun(String name, Instant now) {
    this.name = name;
    this.startedAt = now;
    this.lastActivity = now;
  }

  /** A new run and its run_started event. */
  static ProxyRun start(String name, RunSpec spec, Instant now, List<TraceEvent> out) {
    ProxyRun run = new ProxyRun(name, now);
    out.add(run.event(null, null, new EventPayload.RunStarted(spec), now));
    return run;
  }

  String id() {
    return id;
  }

  String name() {
    return name;
  }

  /** The messages of the last request and its reply: what the next request should start with. */
  List<Message> window() {
    return window;
  }

  List<Integer> windowIndexes() {
    return windowIndexes;
  }

  /** Goes back to an earlier point of the conversation, which the next request continues. */
  void rewind(List<Message> messages, List<Integer> indexes) {
    window = List.copyOf(messages);
    windowIndexes = List.copyOf(indexes);
  }

  boolean finished() {
    return finishedReason != null;
  }

  boolean idleSince(Instant cutoff) {
    return inFlight == 0 && !finished() && !lastActivity.isAfter(cutoff);
  }

  /**
   * The request's events: a resume when the run had ended, each tool result that answers a call of
   * the last reply (as tool_call then tool_result), then the model_request.
   *
   * @param shared how many first messages of the request are the window's
   */
  Turn request(ChatWire.Request request, int shared, Instant now, List<TraceEvent> out) {
    if (finished()) {
      out.add(
          event(null, null, new EventPayload.RunResumed(null, turns, null, finishedReason), now));
      finishedReason = null;
    }
    List<Message> sent = request.messages();
    List<Integer> indexes = new ArrayList<>(windowIndexes.subList(0, shared));
    List<Message> appended = new ArrayList<>();
    int firstIndex = log.size();
    for (Message message : sent.subList(shared, sent.size())) {
      Message named = named(message);
      results(named, now, out);
      indexes.add(log.size());
      log.add(named);
      appended.add(named);
    }
    pending.clear();
    TraceEvent event =
        event(
            null,
            null,
            new EventPayload.ModelRequest(
                firstIndex, appended, indexes, request.tools(), request.parametersJson()),
            now);
    out.add(event);
    inFlight++;
    lastActivity = now;
    List<Message> messages = new ArrayList<>(window.subList(0, shared));
    messages.addAll(appended);
    window = List.copyOf(messages);
    windowIndexes = List.copyOf(indexes);
    return new Turn(this, event, window, windowIndexes);
  }

  /** The model_response of a turn; its tool calls wait for their results. */
  TraceEvent replied(Turn turn, Reply reply, long latencyMs, Instant now) {
    int index = log.size();
    log.add(reply.message());
    TraceEvent event =
        event(
            turn.request().id(),
            latencyMs,
            new EventPayload.ModelResponse(
                index, reply.message(), reply.finishReason(), reply.usage(), latencyMs, null),
            now);
    turns++;
    usage = usage.plus(reply.usage());
    lastResponseId = event.id();
    pending.clear();
    for (ToolCall call : reply.message().toolCalls()) {
      pending.put(call.id(), call);
      toolNames.put(call.id(), call.name());
    }
    List<Message> messages = new ArrayList<>(turn.messages());
    messages.add(reply.message());
    List<Integer> indexes = new ArrayList<>(turn.indexes());
    indexes.add(index);
    window = List.copyOf(messages);
    windowIndexes = List.copyOf(indexes);
    done(now, false);
    return event;
  }

  /** The error event of a turn whose request got no usable answer. */
  TraceEvent failed(
      Turn turn, String type, String message, boolean retryable, long ms, Instant now) {
    TraceEvent event =
        event(turn.request().id(), ms, new EventPayload.Error(type, message, retryable), now);
    window = turn.messages();
    windowIndexes = turn.indexes();
    done(now, true);
    return event;
  }

  /** The run_finished event: how the conversation stood when it ended. */
  TraceEvent finish(String reason, Instant now) {
    RunStatus status;
    String outcome;
    if (failedLast) {
      status = RunStatus.FAILED;
      outcome = "model_error";
    } else if (!pending.isEmpty()) {
      status = RunStatus.INTERRUPTED;
      outcome = "tool_calls_pending";
    } else {
      status = RunStatus.SUCCEEDED;
      outcome = "answered";
    }
    finishedReason = reason;
    return event(
        null,
        Duration.between(startedAt, now).toMillis(),
        new EventPayload.RunFinished(status, outcome, reason, turns, usage, null, null),
        now);
  }

  private void done(Instant now, boolean failed) {
    inFlight = Math.max(0, inFlight - 1);
    failedLast = failed;
    lastActivity = now;
  }

  /** A tool message with the name of the call it answers (clients send only the call's id). */
  private Message named(Message message) {
    if (message.role() != Role.TOOL || message.name() != null || message.toolCallId() == null) {
      return message;
    }
    String tool = toolNames.get(message.toolCallId());
    return tool == null
        ? message
        : new Message(Role.TOOL, message.content(), List.of(), message.toolCallId(), tool);
  }

  private void results(Message message, Instant now, List<TraceEvent> out) {
    if (message.role() != Role.TOOL || message.toolCallId() == null) {
      return;
    }
    ToolCall call = pending.remove(message.toolCallId());
    if (call == null) {
      return;
    }
    TraceEvent called =
        event(
            lastResponseId,
            null,
            new EventPayload.ToolCalled(call.id(), call.name(), call.argumentsJson()),
            now);
    out.add(called);
    out.add(
        event(
            called.id(),
            Duration.between(lastActivity, now).toMillis(),
            new EventPayload.ToolResult(
                call.id(), call.name(), message.content(), null, false, false),
            now));
  }

  private TraceEvent event(String parentId, Long durationMs, EventPayload payload, Instant now) {
    return new TraceEvent(Ids.newId(), id, parentId, seq++, now, durationMs, payload);
  }
}
