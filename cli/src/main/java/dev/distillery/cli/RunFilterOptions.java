package dev.distillery.cli;

import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunStatus;
import picocli.CommandLine.Option;

/**
 * The filters {@code runs} and {@code agreement} select runs by: status, suite run, task, model and
 * failure tag, as the runs list in the browser filters them.
 */
final class RunFilterOptions {
  @Option(names = "--status", description = "Only runs with this status: ${COMPLETION-CANDIDATES}.")
  RunStatus status;

  @Option(names = "--suite", paramLabel = "SUITE_RUN", description = "Only runs of this suite run.")
  String suiteRunId;

  @Option(names = "--task", description = "Only attempts at this task id.")
  String taskId;

  @Option(names = "--model", description = "Only runs of this model.")
  String model;

  @Option(names = "--tag", description = "Only runs an annotation tagged with this tag.")
  String tag;

  /** A filter with these options set (the rest as {@link RunFilter#builder()} leaves them). */
  RunFilter.Builder builder() {
    return RunFilter.builder()
        .status(status)
        .model(model)
        .taskId(taskId)
        .suiteRunId(suiteRunId)
        .tag(tag);
  }
}
