package dev.distillery.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * The Responses API ({@code POST /v1/responses}) as the proxy reads it. Items become the chat
 * messages a native run records: {@code instructions} a system message first, input messages by
 * their role, the model's side of a turn — its message, its {@code function_call}s, its reasoning
 * and built-in tool calls — one assistant message (text and tool calls, ids from {@code call_id}),
 * each {@code function_call_output} a tool message. Every field but {@code input} is kept as the
 * request's parameters ({@code tools} whole, {@code strict} and all).
 */
final class ResponsesWire implements Wire {
  static final ResponsesWire WIRE = new ResponsesWire();

  private ResponsesWire() {}

  @Override
  public ChatWire.Request request(JsonNode body) {
    if (body == null || !body.isObject() || !body.has("input")) {
      return null;
    }
    String previous =
        body.path("previous_response_id").isTextual()
            ? body.get("previous_response_id").asText()
            : null;
    List<Message> messages = new ArrayList<>();
    if (previous == null && body.path("instructions").isTextual()) {
      messages.add(Message.system(body.get("instructions").asText()));
    }
    JsonNode input = body.get("input");
    if (input.isTextual()) {
      messages.add(Message.user(input.asText()));
    } else {
      messages.addAll(messages(input));
    }
    List<ToolSpec> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      if ("function".equals(tool.path("type").asText()) && tool.path("name").isTextual()) {
        tools.add(
            new ToolSpec(
                tool.get("name").asText(),
                tool.path("description").asText(""),
                tool.has("parameters") ? tool.get("parameters").toString() : "{}"));
      }
    }
    ObjectNode parameters = ((ObjectNode) body).deepCopy();
    parameters.remove("input");
    return new ChatWire.Request(
        body.path("model").asText(""), messages, tools, parameters.toString(), previous);
  }

  @Override
  public Reply reply(JsonNode response) {
    if (response == null || !response.path("output").isArray()) {
      return null;
    }
    List<Message> said = messages(response.get("output"));
    Message message = said.isEmpty() ? Message.assistant(null, List.of()) : said.get(0);
    String status = response.path("status").asText("");
    String finish =
        switch (status) {
          case "completed" -> message.toolCalls().isEmpty() ? "stop" : "tool_calls";
          case "incomplete" ->
              "max_output_tokens"
                      .equals(response.path("incomplete_details").path("reason").asText())
                  ? "length"
                  : response.path("incomplete_details").path("reason").asText(null);
          default -> status.isEmpty() ? null : status;
        };
    JsonNode usage = response.path("usage");
    return new Reply(
        message,
        finish,
        new Usage(
            Math.max(0, usage.path("input_tokens").asLong()),
            Math.max(0, usage.path("output_tokens").asLong())),
        response.path("id").isTextual() ? response.get("id").asText() : null);
  }

  @Override
  public SseReader reader() {
    return new ResponsesReader();
  }

  @Override
  public String missing() {
    return "the upstream's answer has no output";
  }

  /** Items as chat messages: the model's consecutive items make one assistant message. */
  static List<Message> messages(JsonNode items) {
    List<Message> out = new ArrayList<>();
    StringBuilder text = null;
    List<ToolCall> calls = new ArrayList<>();
    boolean assistant = false;
    for (JsonNode item : items) {
      String type = item.path("type").asText(item.has("role") ? "message" : "");
      String role = item.path("role").asText("");
      boolean modelSide =
          role.equals("assistant")
              || (!type.equals("message")
                  && !type.equals("function_call_output")
                  && !type.equals("item_reference"));
      if (!modelSide) {
        if (assistant) {
          out.add(Message.assistant(text == null ? null : text.toString(), calls));
          text = null;
          calls = new ArrayList<>();
          assistant = false;
        }
        if (type.equals("function_call_output")) {
          JsonNode output = item.get("output");
          out.add(
              Message.tool(
                  item.path("call_id").asText(""),
                  null,
                  output == null || output.isTextual()
                      ? (output == null ? "" : output.asText())
                      : ChatWire.text(output)));
        } else if (type.equals("message")) {
          String content = content(item.get("content"));
          out.add(
              switch (role) {
                case "system", "developer" -> Message.system(content);
                default -> Message.user(content);
              });
        }
        continue;
      }
      assistant = true;
      if (type.equals("message")) {
        String content = content(item.get("content"));
        if (content != null) {
          text = text == null ? new StringBuilder() : text;
          text.append(content);
        }
      } else if (type.equals("function_call")) {
        calls.add(
            new ToolCall(
                item.path("call_id").asText(item.path("id").asText("")),
                item.path("name").asText(""),
                item.path("arguments").asText("{}")));
      }
      // reasoning and built-in tool calls (web_search_call, ...) belong to the turn, no message
    }
    if (assistant) {
      out.add(Message.assistant(text == null ? null : text.toString(), calls));
    }
    return out;
  }

  /**
   * Content: a string, or parts whose texts are joined ({@code input_text}, {@code output_text}).
   */
  private static String content(JsonNode content) {
    return ChatWire.text(content);
  }

  /** Events of a streamed response: the reply is the one {@code response.completed} carries. */
  static final class ResponsesReader extends SseReader {
    private Reply reply;
    private String error;
    private boolean complete;

    @Override
    void event(String payload) {
      JsonNode event;
      try {
        event = ChatWire.JSON.readTree(payload);
      } catch (Exception e) {
        return;
      }
      if (event == null) {
        return;
      }
      switch (event.path("type").asText("")) {
        case "response.completed", "response.incomplete" -> {
          reply = WIRE.reply(event.path("response"));
          complete = true;
        }
        case "response.failed" -> {
          error = event.path("response").path("error").path("message").asText("response failed");
          complete = true;
        }
        case "error" -> error = event.path("message").asText("the stream reported an error");
        default -> {
          // deltas: the completed response repeats them whole
        }
      }
    }

    @Override
    boolean complete() {
      return complete;
    }

    @Override
    String error() {
      return error;
    }

    @Override
    Reply reply() {
      return reply;
    }
  }
}
