package dev.distillery.runtime.learn;

import dev.distillery.trace.ExampleRun;
import dev.distillery.trace.Message;
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
    CompactRun compact =
        CompactRun.of(
            run.taskPrompt(),
            messages,
            Map.of(),
            new CompactRun.Limits(TASK, ARGUMENTS, RESULT, ANSWER, STEPS),
            redact);
    text.append("Task: ").append(compact.task()).append('\n');
    List<String> steps = compact.steps();
    if (!steps.isEmpty()) {
      text.append("Steps:\n");
    }
    steps.forEach(step -> text.append(step).append('\n'));
    if (compact.calls() > steps.size()) {
      text.append("- (").append(compact.calls() - steps.size()).append(" more steps)\n");
    }
    if (compact.answer() != null) {
      text.append("Answer: ").append(compact.answer()).append('\n');
    }
    if (run.note() != null && !run.note().isBlank()) {
      text.append(run.correct() ? "Reviewer's note: " : "What went wrong: ")
          .append(CompactRun.oneLine(CompactRun.cut(redact.apply(run.note()), RESULT)))
          .append('\n');
    }
    return text.toString();
  }
}
