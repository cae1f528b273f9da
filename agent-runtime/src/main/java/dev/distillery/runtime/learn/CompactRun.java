package dev.distillery.runtime.learn;

import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A run written compactly: its task, one line per tool call with a short result, and its answer.
 * Worked examples ({@link ExampleText}) and the model judge both write runs this way; long texts
 * are cut at a fixed length, with an ellipsis.
 *
 * @param steps one line a tool call, {@code - name {arguments} -> result}, in order; the first
 *     {@link Limits#steps} only
 * @param calls how many tool calls the run made, those past the limit included
 * @param answer the last model text without tool calls, or null
 */
public record CompactRun(String task, List<String> steps, int calls, String answer) {
  /**
   * How long each text may be, in characters, and how many tool calls get a line (the others are
   * only counted, so a long run costs no redaction of texts nobody reads).
   */
  public record Limits(int task, int arguments, int result, int answer, int steps) {}

  public CompactRun {
    steps = List.copyOf(steps);
  }

  /**
   * @param messages the run's conversation as the store holds it
   * @param stepIds the event id to show before each tool call's line, by call id; empty for none
   * @param redact removes secrets, as export does
   */
  public static CompactRun of(
      String taskPrompt,
      List<Message> messages,
      Map<String, String> stepIds,
      Limits limits,
      UnaryOperator<String> redact) {
    Map<String, String> results = new HashMap<>();
    for (Message message : messages) {
      if (message.role() == Role.TOOL && message.toolCallId() != null) {
        results.put(message.toolCallId(), message.content());
      }
    }
    List<String> steps = new ArrayList<>();
    int calls = 0;
    String answer = null;
    for (Message message : messages) {
      if (message.role() != Role.ASSISTANT) {
        continue;
      }
      for (ToolCall call : message.toolCalls()) {
        if (calls++ >= limits.steps()) {
          continue;
        }
        StringBuilder line = new StringBuilder("- ");
        String id = stepIds.get(call.id());
        if (id != null) {
          line.append('[').append(id).append("] ");
        }
        line.append(call.name())
            .append(' ')
            .append(oneLine(cut(redact.apply(call.argumentsJson()), limits.arguments())));
        String result = results.get(call.id());
        if (result != null) {
          line.append(" -> ").append(oneLine(cut(redact.apply(result), limits.result())));
        }
        steps.add(line.toString());
      }
      if (message.toolCalls().isEmpty() && message.content() != null) {
        answer = message.content();
      }
    }
    return new CompactRun(
        cut(redact.apply(taskPrompt), limits.task()),
        steps,
        calls,
        answer == null ? null : cut(redact.apply(answer), limits.answer()).strip());
  }

  /** The text cut to {@code limit} characters, with an ellipsis when cut; "" for null. */
  public static String cut(String text, int limit) {
    if (text == null) {
      return "";
    }
    return text.length() <= limit ? text : text.substring(0, limit) + "…";
  }

  /** The text on one line, its line breaks shown as ⏎. */
  public static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ⏎ ").strip();
  }
}
