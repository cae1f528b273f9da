package dev.distillery.trace;

import java.util.Objects;

/**
 * One tool call of a run labelled correct (as {@link ExampleQuery} reads labels), for finding the
 * steps that succeed again and again.
 *
 * @param arguments the arguments exactly as the model sent them
 * @param failed the call itself failed (non-zero exit, timeout, refused), though the run was right
 */
public record CorrectCall(
    String runId,
    String taskId,
    String taskPrompt,
    long seq,
    String tool,
    String arguments,
    boolean failed) {
  public CorrectCall {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(tool, "tool");
    arguments = arguments == null ? "" : arguments;
  }
}
