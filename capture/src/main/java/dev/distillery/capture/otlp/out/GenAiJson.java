package dev.distillery.capture.otlp.out;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.capture.CaptureJson;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.Map;

/** Messages and tools in the GenAI conventions' JSON: messages made of typed parts. */
final class GenAiJson {
  private static final ObjectMapper JSON = CaptureJson.MAPPER;

  private GenAiJson() {}

  /** {@code gen_ai.input.messages}: every message but the system ones. */
  static String input(List<Message> messages) {
    ArrayNode list = JSON.createArrayNode();
    for (Message message : messages) {
      if (message.role() != Role.SYSTEM) {
        list.add(message(message, null));
      }
    }
    return list.toString();
  }

  /** {@code gen_ai.system_instructions}, or null when the request had no system message. */
  static String systemInstructions(List<Message> messages) {
    ArrayNode parts = JSON.createArrayNode();
    for (Message message : messages) {
      if (message.role() == Role.SYSTEM && message.content() != null) {
        parts.addObject().put("type", "text").put("content", message.content());
      }
    }
    return parts.isEmpty() ? null : parts.toString();
  }

  static String output(Message message, String finishReason) {
    return JSON.createArrayNode().add(message(message, finishReason)).toString();
  }

  static String tools(List<ToolSpec> tools) {
    ArrayNode list = JSON.createArrayNode();
    for (ToolSpec tool : tools) {
      ObjectNode node = list.addObject().put("type", "function").put("name", tool.name());
      node.put("description", tool.description());
      node.set("parameters", tree(tool.parametersJson()));
    }
    return list.toString();
  }

  /** Sampling parameters as {@code gen_ai.request.*} attributes. */
  static void parameters(String parametersJson, Span span) {
    JsonNode parameters = tree(parametersJson);
    for (Map.Entry<String, JsonNode> entry : parameters.properties()) {
      String key = "gen_ai.request." + entry.getKey();
      JsonNode value = entry.getValue();
      if (value.isIntegralNumber()) {
        span.setAttribute(key, value.asLong());
      } else if (value.isNumber()) {
        span.setAttribute(key, value.asDouble());
      } else if (value.isTextual()) {
        span.setAttribute(key, value.asText());
      }
    }
  }

  private static ObjectNode message(Message message, String finishReason) {
    ObjectNode node = JSON.createObjectNode().put("role", message.role().wire());
    ArrayNode parts = node.putArray("parts");
    if (message.role() == Role.TOOL) {
      parts
          .addObject()
          .put("type", "tool_call_response")
          .put("id", message.toolCallId())
          .put("response", message.content());
    } else if (message.content() != null && !message.content().isEmpty()) {
      parts.addObject().put("type", "text").put("content", message.content());
    }
    for (ToolCall call : message.toolCalls()) {
      ObjectNode part = parts.addObject().put("type", "tool_call").put("id", call.id());
      part.put("name", call.name());
      part.set("arguments", tree(call.argumentsJson()));
    }
    if (finishReason != null) {
      node.put("finish_reason", finishReason);
    }
    return node;
  }

  /** JSON text as a tree; text that is not JSON stays a string. */
  private static JsonNode tree(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return node == null ? JSON.getNodeFactory().textNode(json) : node;
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }
}
