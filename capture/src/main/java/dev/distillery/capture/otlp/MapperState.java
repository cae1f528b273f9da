package dev.distillery.capture.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a run holds so far while its spans are mapped: the next seq, the conversation's messages
 * (each stored once), and the tool calls the model made that no result answered yet.
 */
final class MapperState {
  /** A tool call the model asked for, waiting for its result. */
  record Pending(String callId, String toolName, String argumentsJson, String responseId) {}

  private final List<Message> log = new ArrayList<>();
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Set<String> answered = new HashSet<>();
  private long seq;
  private String lastResponseId;
  private int turns;
  private Usage usage = Usage.ZERO;

  static MapperState fresh() {
    return new MapperState();
  }

  /** The state of a run recorded earlier, to append spans that came late. */
  static MapperState of(List<TraceEvent> events, List<Message> messages) {
    MapperState state = new MapperState();
    state.log.addAll(messages);
    for (TraceEvent event : events) {
      state.seq = event.seq() + 1;
      if (event.payload() instanceof EventPayload.ModelResponse response) {
        state.responded(event.id(), response.message(), Usage.ZERO);
      } else if (event.payload() instanceof EventPayload.ToolCalled called) {
        state.answered(called.callId());
      }
    }
    return state;
  }

  long nextSeq() {
    return seq++;
  }

  /**
   * The request as an event: the longest start of {@code input} that matches the run's messages is
   * referred to by index, the rest is stored as new messages.
   */
  EventPayload.ModelRequest request(List<Message> input, List<ToolSpec> tools, String parameters) {
    int same = 0;
    while (same < input.size() && same < log.size() && same(input.get(same), log.get(same))) {
      same++;
    }
    List<Integer> context = new ArrayList<>();
    for (int i = 0; i < same; i++) {
      context.add(i);
    }
    int first = log.size();
    List<Message> appended = input.subList(same, input.size());
    for (int i = 0; i < appended.size(); i++) {
      context.add(first + i);
    }
    log.addAll(appended);
    return new EventPayload.ModelRequest(first, appended, context, tools, parameters);
  }

  /** Stores the model's message; returns its index. */
  int replied(Message reply) {
    log.add(reply);
    return log.size() - 1;
  }

  void responded(String responseId, Message reply, Usage used) {
    lastResponseId = responseId;
    turns++;
    usage = usage.plus(used);
    for (ToolCall call : reply.toolCalls()) {
      if (!answered.contains(call.id())) {
        pending.put(
            call.id(), new Pending(call.id(), call.name(), call.argumentsJson(), responseId));
      }
    }
  }

  Pending pending(String callId) {
    return pending.get(callId);
  }

  /** The oldest unanswered call of a tool, for tool spans that do not say their call's id. */
  Pending pendingByName(String toolName) {
    return pending.values().stream()
        .filter(p -> p.toolName().equals(toolName))
        .findFirst()
        .orElse(null);
  }

  void answered(String callId) {
    answered.add(callId);
    pending.remove(callId);
  }

  String lastResponseId() {
    return lastResponseId;
  }

  int turns() {
    return turns;
  }

  Usage usage() {
    return usage;
  }

  /** Whether a client sent back the same message: same role, text, call and tool calls. */
  static boolean same(Message a, Message b) {
    return a.role() == b.role()
        && text(a.content()).equals(text(b.content()))
        && (a.toolCallId() == null
            || b.toolCallId() == null
            || a.toolCallId().equals(b.toolCallId()))
        && sameCalls(a.toolCalls(), b.toolCalls());
  }

  private static boolean sameCalls(List<ToolCall> a, List<ToolCall> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      ToolCall x = a.get(i);
      ToolCall y = b.get(i);
      if (!x.id().equals(y.id())
          || !x.name().equals(y.name())
          || !sameJson(x.argumentsJson(), y.argumentsJson())) {
        return false;
      }
    }
    return true;
  }

  /** Arguments compare as JSON: clients write them out again with other spacing. */
  static boolean sameJson(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    JsonNode x = GenAiMessages.tree(a);
    JsonNode y = GenAiMessages.tree(b);
    return !x.isTextual() && Objects.equals(x, y);
  }

  private static String text(String content) {
    return content == null ? "" : content;
  }
}
