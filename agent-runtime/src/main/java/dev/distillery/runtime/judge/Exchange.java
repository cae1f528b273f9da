package dev.distillery.runtime.judge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.Json;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.trace.Message;
import dev.distillery.trace.Retry;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The judge's request and reply as the JSON kept in the judgements table. */
final class Exchange {
  private Exchange() {}

  static String request(ChatRequest request) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    request.messages().forEach(message -> messages.add(message(message)));
    ArrayNode tools = body.putArray("tools");
    for (ToolSpec tool : request.tools()) {
      ObjectNode node = tools.addObject().put("name", tool.name());
      node.put("description", tool.description());
      node.set("parameters", tree(tool.parametersJson()));
    }
    body.set("parameters", Json.MAPPER.valueToTree(request.parameters()));
    return body.toString();
  }

  static String reply(ChatReply reply) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("message", message(reply.message()));
    body.put("finish_reason", reply.finishReason());
    body.putObject("usage")
        .put("prompt_tokens", reply.usage().promptTokens())
        .put("completion_tokens", reply.usage().completionTokens());
    body.put("latency_ms", reply.latencyMs());
    body.set("retries", retries(reply.retries()));
    return body.toString();
  }

  static ArrayNode retries(List<Retry> retries) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (Retry retry : retries) {
      ObjectNode node = list.addObject().put("attempt", retry.attempt());
      node.put("error_type", retry.errorType());
      node.put("status", retry.status());
      node.put("wait_ms", retry.waitMs());
      node.put("message", retry.message());
    }
    return list;
  }

  private static ObjectNode message(Message message) {
    ObjectNode node = Json.MAPPER.createObjectNode().put("role", message.role().wire());
    node.put("content", message.content());
    if (!message.toolCalls().isEmpty()) {
      ArrayNode calls = node.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        calls
            .addObject()
            .put("id", call.id())
            .put("name", call.name())
            .put("arguments", call.argumentsJson());
      }
    }
    return node;
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
