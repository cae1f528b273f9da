package dev.distillery.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the reply from the events of a streamed chat completion as they pass through: text deltas
 * appended, tool-call deltas keyed by their {@code index} (id and name from the first delta that
 * has them, arguments joined), the finish reason, and usage from the chunk that carries it. It only
 * reads; the bytes go to the client unchanged.
 */
final class ChunkAssembler extends SseReader {
  private static final class PartialCall {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  private final Map<Integer, PartialCall> calls = new TreeMap<>();
  private StringBuilder text;
  private String finishReason;
  private Usage usage = Usage.ZERO;
  private boolean done;
  private String error;

  /** Whether the stream said it was complete ({@code [DONE]} or a finish reason). */
  @Override
  boolean complete() {
    return done || finishReason != null;
  }

  /** The error the stream reported in a chunk, or null. */
  @Override
  String error() {
    return error;
  }

  /** The reply assembled so far. */
  @Override
  Reply reply() {
    List<ToolCall> assembled = new ArrayList<>();
    for (PartialCall call : calls.values()) {
      assembled.add(
          new ToolCall(
              call.id == null ? "call_" + assembled.size() : call.id,
              call.name == null ? "" : call.name,
              call.arguments.isEmpty() ? "{}" : call.arguments.toString()));
    }
    return new Reply(
        Message.assistant(text == null ? null : text.toString(), assembled), finishReason, usage);
  }

  @Override
  void event(String payload) {
    if (payload.strip().equals("[DONE]")) {
      done = true;
      return;
    }
    JsonNode chunk;
    try {
      chunk = ChatWire.JSON.readTree(payload);
    } catch (Exception e) {
      return; // not ours to judge: the client gets it as it came
    }
    if (chunk == null || !chunk.isObject()) {
      return;
    }
    if (chunk.hasNonNull("error")) {
      error = ChatWire.errorMessage(payload);
    }
    if (chunk.path("usage").isObject()) {
      usage = ChatWire.usage(chunk.get("usage"));
    }
    JsonNode choice = chunk.path("choices").path(0);
    if (choice.isObject()) {
      delta(choice.path("delta"));
      if (choice.path("finish_reason").isTextual()) {
        finishReason = choice.get("finish_reason").asText();
      }
    }
  }

  private void delta(JsonNode delta) {
    JsonNode content = delta.get("content");
    if (content != null && content.isTextual()) {
      text = text == null ? new StringBuilder() : text;
      text.append(content.asText());
    }
    int position = 0;
    for (JsonNode call : delta.path("tool_calls")) {
      int index = call.path("index").canConvertToInt() ? call.get("index").asInt() : position;
      PartialCall partial = calls.computeIfAbsent(index, i -> new PartialCall());
      if (partial.id == null && call.path("id").isTextual()) {
        partial.id = call.get("id").asText();
      }
      JsonNode function = call.path("function");
      if (partial.name == null && function.path("name").isTextual()) {
        partial.name = function.get("name").asText();
      }
      JsonNode arguments = function.get("arguments");
      if (arguments != null && arguments.isTextual()) {
        partial.arguments.append(arguments.asText());
      } else if (arguments != null && arguments.isObject()) {
        partial.arguments.setLength(0);
        partial.arguments.append(arguments);
      }
      position++;
    }
  }
}
