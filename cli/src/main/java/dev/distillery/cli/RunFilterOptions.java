package dev.distillery.cli;

import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunStatus;
import picocli.CommandLine.Option;

/**
 * The filters {@code runs}, {@code agreement} and {@code judge} select runs by: status, suite run,
 * task and failure tag, as the runs list in the browser filters them. Each command adds its own
 * model filter ({@code --model} is the judge's own model in {@code judge}).
 */
final class RunFilterOptions {
  @Option(names = "--status", description = "Only runs with this status: ${COMPLETION-CANDIDATES}.")
  RunStatus status;

  @Option(names = "--suite", paramLabel = "SUITE_RUN", description = "Only runs of this suite run.")
  String suiteRunId;

  @Option(names = "--task", paramLabel = "TASK", description = "Only attempts at this task id.")
  String taskId;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "Only runs an annotation tagged with this tag.")
  String tag;

  /**
   * A filter with these options set (the rest, the model among them, as {@link RunFilter#builder()}
   * leaves them).
   */
  RunFilter.Builder builder() {
    return RunFilter.builder().status(status).taskId(taskId).suiteRunId(suiteRunId).tag(tag);
  }
}
