package dev.distillery.trace;

import java.util.Objects;

/**
 * A finished run found for {@link ExampleQuery}, before its steps are read.
 *
 * @param label {@code correct} or {@code incorrect}, as the run is effectively labelled
 * @param labelledBy {@code people} (their agreeing latest labels) or {@code check}
 * @param note the people's comments on it, joined, or null
 * @param score how alike its task is to the query's: the share of words the two prompts have in
 *     common (0 to 1)
 * @param sameTask whether it attempted the query's task (or, ad hoc, its prompt)
 */
public record ExampleRun(
    String runId,
    String taskId,
    String taskPrompt,
    String label,
    String labelledBy,
    String note,
    double score,
    boolean sameTask) {
  public ExampleRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(taskPrompt, "taskPrompt");
    Objects.requireNonNull(label, "label");
  }

  public boolean correct() {
    return label.equals("correct");
  }
}
