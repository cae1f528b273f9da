package dev.distillery.runtime.learn;

import dev.distillery.trace.ExampleRun;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One run written as a compact worked example: its task, each tool call with a short result, and
 * its answer. Long texts are cut in the middle of nothing: at a fixed length, with an ellipsis.
 */
final class ExampleText {
  static final int ARGUMENTS = 200;
  static final int RESULT = 240;
  static final int ANSWER = 600;
  static final int TASK = 400;
  static final int STEPS = 12;

  private ExampleText() {}

  /**
   * @param number the example's number in the section, from 1
   * @param messages the run's conversation as the store holds it
   * @param redact removes secrets, as export does
   */
  static String of(
      int number, ExampleRun run, List<Message> messages, UnaryOperator<String> redact) {
    StringBuilder text = new StringBuilder();
    text.append(run.correct() ? "### Example " + number : "### What not to do " + number);
    text.append(" (run ").append(run.runId());
    if (run.taskId() != null) {
      text.append(", task ").append(run.taskId());
    }
    text.append(run.correct() ? ", judged correct" : ", judged incorrect");
    text.append(" by ").append(run.labelledBy().equals("people") ? "people" : "its check");
    text.append(")\n");
    text.append("Task: ").append(cut(redact.apply(run.taskPrompt()), TASK)).append('\n');
    Map<String, String> results = new HashMap<>();
    for (Message message : messages) {
      if (message.role() == Role.TOOL && message.toolCallId() != null) {
        results.put(message.toolCallId(), message.content());
      }
    }
    int steps = 0;
    String answer = null;
    for (Message message : messages) {
      if (message.role() != Role.ASSISTANT) {
        continue;
      }
      for (ToolCall call : message.toolCalls()) {
        if (steps == 0) {
          text.append("Steps:\n");
        }
        if (++steps > STEPS) {
          continue;
        }
        text.append("- ")
            .append(call.name())
            .append(' ')
            .append(oneLine(cut(redact.apply(call.argumentsJson()), ARGUMENTS)));
        String result = results.get(call.id());
        if (result != null) {
          text.append(" -> ").append(oneLine(cut(redact.apply(result), RESULT)));
        }
        text.append('\n');
      }
      if (message.toolCalls().isEmpty() && message.content() != null) {
        answer = message.content();
      }
    }
    if (steps > STEPS) {
      text.append("- (").append(steps - STEPS).append(" more steps)\n");
    }
    if (answer != null) {
      text.append("Answer: ").append(cut(redact.apply(answer), ANSWER).strip()).append('\n');
    }
    if (run.note() != null && !run.note().isBlank()) {
      text.append(run.correct() ? "Reviewer's note: " : "What went wrong: ")
          .append(oneLine(cut(redact.apply(run.note()), RESULT)))
          .append('\n');
    }
    return text.toString();
  }

  static String cut(String text, int limit) {
    if (text == null) {
      return "";
    }
    return text.length() <= limit ? text : text.substring(0, limit) + "…";
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ⏎ ").strip();
  }
}
