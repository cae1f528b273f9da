package dev.distillery.trace;

import java.util.Objects;

/**
 * What a run was asked to do, fixed when it starts.
 *
 * @param taskPrompt the user's request
 * @param taskId the suite task this run attempts, or null for an ad-hoc prompt
 * @param suiteRunId the suite run it belongs to, or null
 * @param attempt 1-based attempt number at this task
 * @param parentRunId the run this one was forked or retried from, or null
 * @param parentEventId the parent's event it was forked at, or null
 * @param metadataJson free metadata as a JSON object text ({@code {}} when none)
 */
public record RunSpec(
    String taskPrompt,
    String taskId,
    String suiteRunId,
    int attempt,
    String model,
    String provider,
    String mode,
    String workingDirectory,
    String parentRunId,
    String parentEventId,
    String metadataJson) {
  public RunSpec {
    Objects.requireNonNull(taskPrompt, "taskPrompt");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(mode, "mode");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
    metadataJson = metadataJson == null || metadataJson.isBlank() ? "{}" : metadataJson;
  }

  /** An ad-hoc prompt: attempt 1, no task, no suite, no parent. */
  public static RunSpec adHoc(
      String prompt, String model, String provider, String mode, String workingDirectory) {
    return new RunSpec(
        prompt, null, null, 1, model, provider, mode, workingDirectory, null, null, "{}");
  }

  /**
   * How this run is linked to its parent: {@code fork} (it took over the parent's history up to
   * {@link #parentEventId}), {@code retry} (a new attempt at the same task), or null.
   */
  public String link() {
    if (parentEventId != null) {
      return "fork";
    }
    return parentRunId != null ? "retry" : null;
  }

  /** A fork of the run with this spec at one of its events, asked {@code prompt}. */
  public RunSpec forkedAt(String runId, String eventId, String prompt, String workdir) {
    return new RunSpec(
        prompt,
        taskId,
        null,
        attempt,
        model,
        provider,
        mode,
        workdir,
        runId,
        eventId,
        metadataJson);
  }

  /** A new attempt at the same task as the run with this spec. */
  public RunSpec retriedAs(String runId, int newAttempt, String workdir) {
    return new RunSpec(
        taskPrompt,
        taskId,
        null,
        newAttempt,
        model,
        provider,
        mode,
        workdir,
        runId,
        null,
        metadataJson);
  }
}
