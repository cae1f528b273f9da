package dev.distillery.runtime.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.Json;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.MalformedResponseException;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Chat Completions JSON, both ways. Internal to this adapter. */
final class WireFormat {
  static final ObjectMapper JSON = Json.MAPPER;

  /** A parsed {@code choices[0]} with usage. */
  record Parsed(Message message, String finishReason, Usage usage) {}

  private WireFormat() {}

  static String requestBody(ChatRequest request) throws IOException {
    return requestBody(request, false);
  }

  /** The request's JSON; streamed, it asks for usage in the last chunk. */
  static String requestBody(ChatRequest request, boolean stream) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    for (Message message : request.messages()) {
      messages.add(message(message));
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec spec : request.tools()) {
        ObjectNode tool = tools.addObject();
        tool.put("type", "function");
        ObjectNode function = tool.putObject("function");
        function.put("name", spec.name());
        function.put("description", spec.description());
        function.set("parameters", JSON.readTree(spec.parametersJson()));
      }
    }
    for (Map.Entry<String, Object> parameter : request.parameters().entrySet()) {
      body.set(parameter.getKey(), JSON.valueToTree(parameter.getValue()));
    }
    if (stream) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return JSON.writeValueAsString(body);
  }

  private static ObjectNode message(Message message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("role", message.role().wire());
    if (message.content() == null) {
      node.putNull("content");
    } else {
      node.put("content", message.content());
    }
    if (!message.toolCalls().isEmpty()) {
      ArrayNode calls = node.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        ObjectNode item = calls.addObject();
        item.put("id", call.id());
        item.put("type", "function");
        ObjectNode function = item.putObject("function");
        function.put("name", call.name());
        function.put("arguments", call.argumentsJson());
      }
    }
    if (message.toolCallId() != null) {
      node.put("tool_call_id", message.toolCallId());
    }
    // a tool message is {role, content, tool_call_id} on the wire: strict gateways refuse a name
    if (message.name() != null && message.role() != Role.TOOL) {
      node.put("name", message.name());
    }
    return node;
  }

  static Parsed parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedResponseException("the model's answer is not JSON: " + snippet(body), e);
    }
    JsonNode choice = root == null ? null : root.path("choices").path(0);
    if (choice == null || !choice.isObject() || !choice.path("message").isObject()) {
      throw new MalformedResponseException(
          "the model's answer has no choices[0].message: " + snippet(body));
    }
    JsonNode message = choice.path("message");
    List<ToolCall> calls = new ArrayList<>();
    int index = 0;
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      if (!function.path("name").isTextual()) {
        throw new MalformedResponseException("a tool call has no function name: " + snippet(body));
      }
      JsonNode arguments = function.get("arguments");
      String argumentsJson =
          arguments == null || arguments.isNull()
              ? "{}"
              : arguments.isTextual() ? arguments.asText() : arguments.toString();
      String id = call.path("id").asText("call_" + index);
      calls.add(new ToolCall(id, function.get("name").asText(), argumentsJson));
      index++;
    }
    JsonNode usage = root.path("usage");
    return new Parsed(
        Message.assistant(text(message.get("content")), calls),
        choice.path("finish_reason").asText(null),
        new Usage(
            Math.max(0, usage.path("prompt_tokens").asLong()),
            Math.max(0, usage.path("completion_tokens").asLong())));
  }

  /** Message content: a string, or (some servers) a list of {@code {"type":"text"}} parts. */
  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (!content.isArray()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      text.append(part.isTextual() ? part.asText() : part.path("text").asText(""));
    }
    return text.toString();
  }

  /** The provider's own error message, when its body has one. */
  static String errorMessage(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root == null ? null : root.path("error");
      if (error != null && error.isObject() && error.path("message").isTextual()) {
        return error.get("message").asText();
      }
      if (error != null && error.isTextual()) {
        return error.asText();
      }
    } catch (IOException ignored) {
      // not JSON: show its start instead
    }
    return snippet(body);
  }

  static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }
}
