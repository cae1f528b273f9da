package dev.distillery.export.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages and tools in the two chat encodings that trainers expect: OpenAI (arguments as a JSON
 * string) and Hugging Face / TRL (arguments as an object). The rules every chat row keeps live in
 * {@link ChatRules}.
 */
public final class Conversation {
  private Conversation() {}

  /**
   * OpenAI shape: {@code content} null when an assistant message only calls tools, {@code
   * tool_call_id} on tool results, arguments as the JSON text the model wrote.
   *
   * @param allWeighted null writes no weight; false gives weight 1 to the last assistant message
   *     and 0 to the others; true gives 1 to all
   */
  public static ArrayNode openAi(List<Message> messages, Boolean allWeighted) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    int lastAssistant = -1;
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).role() == Role.ASSISTANT) {
        lastAssistant = i;
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      ObjectNode node = out.addObject();
      node.put("role", message.role().wire());
      node.put("content", openAiContent(message));
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
      if (message.role() == Role.TOOL) {
        node.put("tool_call_id", message.toolCallId());
      }
      if (message.role() == Role.ASSISTANT && allWeighted != null) {
        node.put("weight", allWeighted || i == lastAssistant ? 1 : 0);
      }
    }
    return out;
  }

  private static String openAiContent(Message message) {
    boolean blank = message.content() == null || message.content().isEmpty();
    if (message.role() == Role.ASSISTANT && !message.toolCalls().isEmpty() && blank) {
      return null;
    }
    return message.content() == null ? "" : message.content();
  }

  /**
   * TRL / transformers shape: arguments as an object, tool results with the tool's name (taken from
   * the call they answer when the message lacks it) and the id of that call ({@code tool_call_id},
   * as each call carries its {@code id}: templates that need ids can use them, and parallel calls
   * to one tool match their results by id, not only by order), content always a string.
   */
  public static ArrayNode trl(List<Message> messages) throws InvalidRowException {
    ArrayNode out = Json.MAPPER.createArrayNode();
    Map<String, String> callNames = new HashMap<>();
    for (Message message : messages) {
      ObjectNode node = out.addObject();
      node.put("role", message.role().wire());
      if (message.role() == Role.TOOL) {
        String name = message.name() != null ? message.name() : callNames.get(message.toolCallId());
        node.put("name", name);
        node.put("tool_call_id", message.toolCallId());
      }
      node.put("content", message.content() == null ? "" : message.content());
      if (!message.toolCalls().isEmpty()) {
        ArrayNode calls = node.putArray("tool_calls");
        for (ToolCall call : message.toolCalls()) {
          callNames.put(call.id(), call.name());
          ObjectNode item = calls.addObject().put("id", call.id()).put("type", "function");
          ObjectNode function = item.putObject("function");
          function.put("name", call.name());
          function.set("arguments", Json.argumentsObject(call.argumentsJson(), call.name()));
        }
      }
    }
    return out;
  }

  /** {@code [{"type":"function","function":{name, description, parameters}}]}. */
  public static ArrayNode tools(List<ToolSpec> tools) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ToolSpec spec : tools) {
      out.addObject().put("type", "function").set("function", function(spec));
    }
    return out;
  }

  /** {@code {name, description, parameters}}: a JSON-schema function definition. */
  static ObjectNode function(ToolSpec spec) {
    ObjectNode function = Json.object();
    function.put("name", spec.name());
    function.put("description", spec.description());
    function.set("parameters", PARAMETERS.parse(spec.parametersJson()));
    return function;
  }

  /** Runs of one agent offer the same tools: their schemas are parsed once. */
  private static final Json.Cache PARAMETERS = new Json.Cache(256);

  public static boolean hasParallelCalls(List<Message> messages) {
    return messages.stream().anyMatch(m -> m.toolCalls().size() > 1);
  }
}
