package dev.distillery.capture.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * The older GenAI conventions: messages as span events named {@code gen_ai.system.message}, {@code
 * gen_ai.user.message}, {@code gen_ai.assistant.message}, {@code gen_ai.tool.message} and {@code
 * gen_ai.choice}, their body in a {@code content} (or {@code message}) attribute.
 */
final class SpanEventMessages {
  private SpanEventMessages() {}

  static void read(OtlpSpan span, List<Message> input, List<Message> output) {
    for (OtlpSpan.SpanEvent event : span.events()) {
      switch (event.name()) {
        case "gen_ai.system.message" -> input.add(Message.system(content(event)));
        case "gen_ai.user.message" -> input.add(Message.user(content(event)));
        case "gen_ai.assistant.message" -> input.add(assistant(event, null));
        case "gen_ai.tool.message" ->
            input.add(Message.tool(text(event, "id"), null, content(event)));
        case "gen_ai.choice" -> {
          JsonNode message = GenAiMessages.tree(event.attributes().get("message"));
          output.add(assistant(event, message));
        }
        default -> {
          // not a message
        }
      }
    }
  }

  private static Message assistant(OtlpSpan.SpanEvent event, JsonNode message) {
    JsonNode body = message != null && message.isObject() ? message : null;
    String content = body != null ? GenAiMessages.textOf(body.get("content")) : content(event);
    List<ToolCall> calls = new ArrayList<>();
    JsonNode toolCalls =
        body != null
            ? body.get("tool_calls")
            : GenAiMessages.tree(event.attributes().get("tool_calls"));
    if (toolCalls != null && toolCalls.isArray()) {
      for (JsonNode call : toolCalls) {
        JsonNode function = call.path("function");
        calls.add(
            new ToolCall(
                call.path("id").asText(""),
                function.path("name").asText(""),
                GenAiMessages.arguments(function.get("arguments"))));
      }
    }
    return new Message(
        Role.ASSISTANT, content == null || content.isEmpty() ? null : content, calls, null, null);
  }

  private static String content(OtlpSpan.SpanEvent event) {
    Object value = event.attributes().get("content");
    if (value == null) {
      value = event.attributes().get("gen_ai.event.content");
    }
    return value == null ? "" : value.toString();
  }

  private static String text(OtlpSpan.SpanEvent event, String key) {
    Object value = event.attributes().get(key);
    return value == null ? "" : value.toString();
  }
}
