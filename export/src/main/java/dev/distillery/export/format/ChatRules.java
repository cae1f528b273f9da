package dev.distillery.export.format;

import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every chat row keeps before it is written: system messages first, then a user message; every
 * tool result answers a call made just before it, and every call is answered; tool names {@code
 * [a-zA-Z0-9_-]{1,64}}; every call names a tool the request offered, with arguments that are a JSON
 * object (a tools-aware check of any format refuses the others); and the conversation ends in an
 * assistant answer with text. A row that breaks one is refused with the rule as its reason, never
 * written half-valid.
 */
public final class ChatRules {
  static final String NO_FINAL_ANSWER = "no final assistant answer";
  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  private ChatRules() {}

  /** The whole conversation, and the tools offered with it. */
  public static void check(List<Message> messages, List<ToolSpec> tools)
      throws InvalidRowException {
    Set<String> offered = new HashSet<>();
    for (ToolSpec tool : tools) {
      toolName(tool.name());
      offered.add(tool.name());
    }
    if (messages.isEmpty()) {
      throw new InvalidRowException("no messages");
    }
    Set<String> seen = new HashSet<>();
    Set<String> pending = new LinkedHashSet<>();
    boolean started = false;
    for (Message message : messages) {
      switch (message.role()) {
        case SYSTEM -> {
          if (started) {
            throw new InvalidRowException("system message after the conversation began");
          }
        }
        case USER -> {
          answered(pending);
          started = true;
        }
        case ASSISTANT -> {
          if (!started) {
            throw new InvalidRowException("conversation does not start with a user message");
          }
          answered(pending);
          assistant(message, seen, pending, offered);
        }
        case TOOL -> {
          if (message.toolCallId() == null || !pending.remove(message.toolCallId())) {
            throw new InvalidRowException("a tool result answers no earlier call");
          }
        }
      }
    }
    finalAnswer(messages);
  }

  /** The last message is an assistant message with text and no calls left unanswered. */
  public static void finalAnswer(List<Message> messages) throws InvalidRowException {
    Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last == null
        || last.role() != Role.ASSISTANT
        || last.content() == null
        || last.content().isBlank()
        || !last.toolCalls().isEmpty()) {
      throw new InvalidRowException(NO_FINAL_ANSWER);
    }
  }

  private static void assistant(
      Message message, Set<String> seen, Set<String> pending, Set<String> offered)
      throws InvalidRowException {
    boolean blank = message.content() == null || message.content().isBlank();
    if (blank && message.toolCalls().isEmpty()) {
      throw new InvalidRowException("empty assistant message");
    }
    for (ToolCall call : message.toolCalls()) {
      toolName(call.name());
      if (!offered.contains(call.name())) {
        throw new InvalidRowException("a call to " + call.name() + ", a tool not offered");
      }
      Json.argumentsObject(call.argumentsJson(), call.name());
      if (!seen.add(call.id())) {
        throw new InvalidRowException("tool call id used twice");
      }
      pending.add(call.id());
    }
  }

  private static void answered(Set<String> pending) throws InvalidRowException {
    if (!pending.isEmpty()) {
      throw new InvalidRowException("a tool call has no result");
    }
  }

  private static void toolName(String name) throws InvalidRowException {
    if (!TOOL_NAME.matcher(name).matches()) {
      throw new InvalidRowException("tool name not [a-zA-Z0-9_-]{1,64}");
    }
  }
}
