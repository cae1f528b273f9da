package dev.distillery.capture.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.capture.CaptureJson;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Messages in the OpenTelemetry GenAI conventions: {@code gen_ai.input.messages}, {@code
 * gen_ai.output.messages} and {@code gen_ai.system_instructions}, each a JSON list of messages made
 * of parts ({@code text}, {@code tool_call}, {@code tool_call_response}).
 */
final class GenAiMessages {
  static final ObjectMapper JSON = CaptureJson.MAPPER;

  private GenAiMessages() {}

  /** The attribute as a JSON tree: a JSON string read, a structured value taken as it is. */
  static JsonNode tree(Object attribute) {
    if (attribute == null) {
      return null;
    }
    if (attribute instanceof String text) {
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException e) {
        return JSON.getNodeFactory().textNode(text);
      }
    }
    return JSON.valueToTree(attribute);
  }

  static List<Message> messages(JsonNode list) {
    List<Message> messages = new ArrayList<>();
    if (list == null || !list.isArray()) {
      return messages;
    }
    for (JsonNode message : list) {
      messages.addAll(message(message));
    }
    return messages;
  }

  /** System instructions: a list of parts, or plain text. */
  static Message system(JsonNode instructions) {
    if (instructions == null) {
      return null;
    }
    String text = instructions.isTextual() ? instructions.asText() : text(instructions);
    return text == null || text.isEmpty() ? null : Message.system(text);
  }

  /** One message; a message holding several tool responses becomes one tool message each. */
  private static List<Message> message(JsonNode node) {
    Role role = role(node.path("role").asText("user"));
    JsonNode parts = node.path("parts");
    if (!parts.isArray()) {
      String content = node.path("content").isMissingNode() ? null : textOf(node.get("content"));
      String callId = role == Role.TOOL ? node.path("tool_call_id").asText(null) : null;
      return List.of(new Message(role, content, List.of(), callId, null));
    }
    List<Message> out = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode part : parts) {
      String type = part.path("type").asText("text");
      if (type.equals("tool_call")) {
        calls.add(
            new ToolCall(
                part.path("id").asText(""),
                part.path("name").asText(""),
                arguments(part.get("arguments"))));
      } else if (type.equals("tool_call_response")) {
        out.add(Message.tool(part.path("id").asText(""), null, textOf(part.get("response"))));
      }
    }
    String text = text(parts);
    if (!out.isEmpty() && text == null && calls.isEmpty()) {
      return out;
    }
    out.add(0, new Message(role == Role.TOOL ? Role.USER : role, text, calls, null, null));
    return out;
  }

  /** The text parts joined, or null when there are none. */
  static String text(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    boolean any = false;
    for (JsonNode part : parts) {
      String type = part.path("type").asText("text");
      if (type.equals("text")) {
        text.append(textOf(part.has("content") ? part.get("content") : part.get("text")));
        any = true;
      }
    }
    return any ? text.toString() : null;
  }

  /** Arguments as JSON text: an object written out, a string kept as the model wrote it. */
  static String arguments(JsonNode arguments) {
    if (arguments == null || arguments.isNull()) {
      return "{}";
    }
    return arguments.isTextual() ? arguments.asText() : arguments.toString();
  }

  static String textOf(JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    return node.isTextual() ? node.asText() : node.toString();
  }

  static Role role(String role) {
    return switch (role.toLowerCase(Locale.ROOT)) {
      case "system", "developer" -> Role.SYSTEM;
      case "assistant", "model", "ai" -> Role.ASSISTANT;
      case "tool", "function", "ipython" -> Role.TOOL;
      default -> Role.USER;
    };
  }
}
