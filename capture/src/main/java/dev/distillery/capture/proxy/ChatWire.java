package dev.distillery.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.capture.CaptureJson;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat Completions JSON as the proxy reads it: the client's request (messages, tools, the other
 * parameters) and the upstream's whole reply. Reading never changes what is forwarded.
 */
final class ChatWire {
  static final ObjectMapper JSON = CaptureJson.MAPPER;

  /**
   * A request as recorded.
   *
   * @param parametersJson every field but {@code messages} and {@code tools}, as a JSON object
   */
  record Request(
      String model,
      List<Message> messages,
      List<ToolSpec> tools,
      String parametersJson,
      String previousResponseId) {
    Request(String model, List<Message> messages, List<ToolSpec> tools, String parametersJson) {
      this(model, messages, tools, parametersJson, null);
    }

    /** The same request holding these messages. */
    Request withMessages(List<Message> all) {
      return new Request(model, all, tools, parametersJson, previousResponseId);
    }
  }

  /** Chat completions: {@code POST /v1/chat/completions}. */
  static final Wire CHAT =
      new Wire() {
        @Override
        public Request request(JsonNode body) {
          return ChatWire.request(body);
        }

        @Override
        public Reply reply(JsonNode answer) {
          return ChatWire.reply(answer);
        }

        @Override
        public SseReader reader() {
          return new ChunkAssembler();
        }

        @Override
        public String missing() {
          return "the upstream's answer has no choices[0].message";
        }
      };

  private ChatWire() {}

  /** The request, or null when the body is not a chat request (it is forwarded anyway). */
  static Request request(JsonNode body) {
    if (body == null || !body.isObject() || !body.path("messages").isArray()) {
      return null;
    }
    List<Message> messages = new ArrayList<>();
    for (JsonNode message : body.get("messages")) {
      messages.add(message(message));
    }
    List<ToolSpec> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      JsonNode function = tool.path("function");
      if (function.path("name").isTextual()) {
        tools.add(
            new ToolSpec(
                function.get("name").asText(),
                function.path("description").asText(""),
                function.has("parameters") ? function.get("parameters").toString() : "{}"));
      }
    }
    ObjectNode parameters = ((ObjectNode) body).deepCopy();
    parameters.remove(List.of("messages", "tools"));
    return new Request(body.path("model").asText(""), messages, tools, parameters.toString());
  }

  /** One message of a request: its role (developer is system), text, tool calls and call id. */
  static Message message(JsonNode node) {
    Role role =
        switch (node.path("role").asText("")) {
          case "system", "developer" -> Role.SYSTEM;
          case "assistant" -> Role.ASSISTANT;
          case "tool", "function" -> Role.TOOL;
          default -> Role.USER;
        };
    String name = node.path("name").isTextual() ? node.get("name").asText() : null;
    String callId =
        node.path("tool_call_id").isTextual() ? node.get("tool_call_id").asText() : null;
    return new Message(role, text(node.get("content")), toolCalls(node), callId, name);
  }

  /** The upstream's whole (unstreamed) answer; null when it has no {@code choices[0].message}. */
  static Reply reply(JsonNode root) {
    JsonNode choice = root == null ? null : root.path("choices").path(0);
    if (choice == null || !choice.path("message").isObject()) {
      return null;
    }
    JsonNode message = choice.get("message");
    return new Reply(
        Message.assistant(text(message.get("content")), toolCalls(message)),
        choice.path("finish_reason").isTextual() ? choice.get("finish_reason").asText() : null,
        usage(root.get("usage")));
  }

  static Usage usage(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.ZERO;
    }
    return new Usage(
        Math.max(0, usage.path("prompt_tokens").asLong()),
        Math.max(0, usage.path("completion_tokens").asLong()));
  }

  /** Content: a string, or a list of parts whose texts are joined (other parts kept as JSON). */
  static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (!content.isArray()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if (part.isTextual()) {
        text.append(part.asText());
      } else if (part.path("text").isTextual()) {
        text.append(part.get("text").asText());
      } else {
        text.append(part);
      }
    }
    return text.toString();
  }

  /** The provider's own error message when its body has one, else the body's start. */
  static String errorMessage(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.path("message").isTextual()) {
        return error.get("message").asText();
      }
      if (error.isTextual()) {
        return error.asText();
      }
    } catch (Exception e) {
      // not JSON: its start says more than nothing
    }
    String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private static List<ToolCall> toolCalls(JsonNode message) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      JsonNode arguments = function.get("arguments");
      calls.add(
          new ToolCall(
              call.path("id").asText("call_" + calls.size()),
              function.path("name").asText(""),
              arguments == null || arguments.isNull()
                  ? "{}"
                  : arguments.isTextual() ? arguments.asText() : arguments.toString()));
    }
    return calls;
  }
}
