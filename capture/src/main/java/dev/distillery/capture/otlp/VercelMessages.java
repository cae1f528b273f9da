package dev.distillery.capture.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Vercel AI SDK's own telemetry: a model call's prompt in {@code ai.prompt.messages} (messages
 * whose content is text or parts: {@code text}, {@code tool-call}, {@code tool-result}), its answer
 * in {@code ai.response.text} and {@code ai.response.toolCalls}, its tools in {@code
 * ai.prompt.tools}. Versions 4 to 6 of the SDK are read alike ({@code args} or {@code input},
 * {@code result} or {@code output}).
 */
final class VercelMessages {
  private VercelMessages() {}

  static boolean present(Map<String, Object> attributes) {
    return attributes.containsKey("ai.prompt.messages")
        || attributes.containsKey("ai.response.text")
        || attributes.containsKey("ai.response.toolCalls");
  }

  static List<Message> input(Map<String, Object> attributes) {
    List<Message> messages = new ArrayList<>();
    JsonNode list = GenAiMessages.tree(attributes.get("ai.prompt.messages"));
    if (list == null || !list.isArray()) {
      return messages;
    }
    for (JsonNode message : list) {
      Role role = GenAiMessages.role(message.path("role").asText("user"));
      JsonNode content = message.get("content");
      if (content == null || !content.isArray()) {
        messages.add(
            new Message(
                role,
                content == null ? null : GenAiMessages.textOf(content),
                List.of(),
                null,
                null));
        continue;
      }
      List<ToolCall> calls = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      boolean anyText = false;
      for (JsonNode part : content) {
        switch (part.path("type").asText("text")) {
          case "text" -> {
            text.append(part.path("text").asText(""));
            anyText = true;
          }
          case "tool-call" -> calls.add(call(part));
          case "tool-result" ->
              messages.add(
                  Message.tool(
                      part.path("toolCallId").asText(""),
                      part.path("toolName").asText(null),
                      result(part)));
          default -> {
            // reasoning, files and images are not kept as text
          }
        }
      }
      if (role != Role.TOOL || anyText || !calls.isEmpty()) {
        messages.add(
            new Message(
                role == Role.TOOL ? Role.USER : role,
                anyText ? text.toString() : null,
                calls,
                null,
                null));
      }
    }
    return messages;
  }

  /** The model's answer: its text and tool calls; null when the span holds neither. */
  static Message output(Map<String, Object> attributes) {
    Object text = attributes.get("ai.response.text");
    JsonNode calls = GenAiMessages.tree(attributes.get("ai.response.toolCalls"));
    List<ToolCall> toolCalls = new ArrayList<>();
    if (calls != null && calls.isArray()) {
      for (JsonNode call : calls) {
        toolCalls.add(call(call));
      }
    }
    if (text == null && toolCalls.isEmpty()) {
      return null;
    }
    String content = text == null || text.toString().isEmpty() ? null : text.toString();
    return Message.assistant(content, toolCalls);
  }

  private static ToolCall call(JsonNode part) {
    JsonNode arguments = part.has("input") ? part.get("input") : part.get("args");
    return new ToolCall(
        part.path("toolCallId").asText(""),
        part.path("toolName").asText(""),
        GenAiMessages.arguments(arguments));
  }

  /**
   * An {@code ai.toolCall} span's result, which the SDK writes as JSON: a JSON string is the text
   * in it (as the next prompt's tool-result part holds it), anything else stays JSON; null when
   * absent.
   */
  static String toolResult(OtlpSpan span) {
    String json = span.text("ai.toolCall.result", "ai.toolCall.output");
    if (json == null) {
      return null;
    }
    JsonNode tree = GenAiMessages.tree(json);
    return tree.isTextual() && json.strip().startsWith("\"") ? tree.asText() : json;
  }

  /** A tool result's text: {@code output} ({type, value}) in SDK 5+, {@code result} before. */
  private static String result(JsonNode part) {
    JsonNode output = part.get("output");
    if (output != null && output.isObject() && output.has("value")) {
      return GenAiMessages.textOf(output.get("value"));
    }
    return GenAiMessages.textOf(output != null ? output : part.get("result"));
  }
}
