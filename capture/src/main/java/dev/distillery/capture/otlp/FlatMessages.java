package dev.distillery.capture.otlp;

import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages flattened into numbered attributes: OpenInference's {@code
 * llm.input_messages.0.message.role} (with {@code .content}, {@code
 * .contents.N.message_content.text}, {@code .tool_calls.N.tool_call.function.name}) and
 * OpenLLMetry's {@code gen_ai.prompt.0.role}.
 */
final class FlatMessages {
  private FlatMessages() {}

  /** OpenInference messages under a prefix such as {@code llm.input_messages}. */
  static List<Message> openInference(Map<String, Object> attributes, String prefix) {
    List<Message> messages = new ArrayList<>();
    for (Map<String, Object> fields : grouped(attributes, prefix + ".").values()) {
      Role role = GenAiMessages.role(text(fields, "message.role", "user"));
      String content = text(fields, "message.content", null);
      if (content == null) {
        content = joined(fields, "message.contents.", ".message_content.text");
      }
      List<ToolCall> calls = new ArrayList<>();
      for (Map<String, Object> call : grouped(fields, "message.tool_calls.").values()) {
        calls.add(
            new ToolCall(
                text(call, "tool_call.id", ""),
                text(call, "tool_call.function.name", ""),
                text(call, "tool_call.function.arguments", "{}")));
      }
      String callId = text(fields, "message.tool_call_id", null);
      String name = role == Role.TOOL ? text(fields, "message.name", null) : null;
      messages.add(new Message(role, content, calls, role == Role.TOOL ? callId : null, name));
    }
    return messages;
  }

  /** OpenLLMetry's messages under {@code gen_ai.prompt} or {@code gen_ai.completion}. */
  static List<Message> openLlmetry(Map<String, Object> attributes, String prefix) {
    List<Message> messages = new ArrayList<>();
    for (Map<String, Object> fields : grouped(attributes, prefix + ".").values()) {
      Role role = GenAiMessages.role(text(fields, "role", "user"));
      List<ToolCall> calls = new ArrayList<>();
      for (Map<String, Object> call : grouped(fields, "tool_calls.").values()) {
        calls.add(
            new ToolCall(
                text(call, "id", ""), text(call, "name", ""), text(call, "arguments", "{}")));
      }
      String callId = role == Role.TOOL ? text(fields, "tool_call_id", null) : null;
      messages.add(new Message(role, text(fields, "content", null), calls, callId, null));
    }
    return messages;
  }

  /** The finish reason OpenLLMetry writes beside a completion. */
  static String openLlmetryFinish(Map<String, Object> attributes) {
    Object reason = attributes.get("gen_ai.completion.0.finish_reason");
    return reason == null ? null : reason.toString();
  }

  /**
   * The attributes under {@code prefix} grouped by the number that follows it, in numeric order,
   * each with the rest of its key.
   */
  static Map<Integer, Map<String, Object>> grouped(Map<String, Object> attributes, String prefix) {
    Map<Integer, Map<String, Object>> groups = new TreeMap<>();
    for (Map.Entry<String, Object> entry : attributes.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(prefix)) {
        continue;
      }
      String rest = key.substring(prefix.length());
      int dot = rest.indexOf('.');
      if (dot <= 0) {
        continue;
      }
      try {
        int index = Integer.parseInt(rest.substring(0, dot));
        groups
            .computeIfAbsent(index, i -> new TreeMap<>())
            .put(rest.substring(dot + 1), entry.getValue());
      } catch (NumberFormatException e) {
        // not a numbered entry
      }
    }
    return groups;
  }

  private static String joined(Map<String, Object> fields, String prefix, String suffix) {
    StringBuilder text = new StringBuilder();
    boolean any = false;
    for (Map<String, Object> part : grouped(fields, prefix).values()) {
      Object value = part.get(suffix.substring(1));
      if (value != null) {
        text.append(value);
        any = true;
      }
    }
    return any ? text.toString() : null;
  }

  private static String text(Map<String, Object> fields, String key, String otherwise) {
    Object value = fields.get(key);
    return value == null ? otherwise : value.toString();
  }
}
