package dev.distillery.cli;

import dev.distillery.runtime.durable.DurableRuns;
import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import dev.distillery.runtime.loop.Provisioner;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Run;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code distillery retry RUN}: a new attempt at the same task, linked to the first. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Start a new attempt at RUN's task from the beginning.",
      "The attempt is a new run whose parent is RUN and whose attempt number is one more than the"
          + " family's highest.",
      "Its workspace is a new directory holding what RUN's workspace held before its first step"
          + " (its first checkpoint's snapshot), or the suite task's seed when there is none."
    })
final class RetryCommand extends DurableCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run to retry (id or prefix).")
  String runId;

  @Override
  public Integer call() throws Exception {
    Path storeFile = storeFile();
    try (DuckDbTraceStore store = Stores.forDurable(storeFile, "retry")) {
      DurableRuns durable = new DurableRuns(store);
      Run parent = durable.find(runId);
      WorkspaceCheckpointer checkpoints = snapshots.checkpointer(root.context, storeFile);
      Path dir = newWorkdir(checkpoints, "retry");
      Provisioner provisioner =
          durable.restoreStart(parent, checkpoints, dir)
              ? Provisioner.NONE
              : SuiteTasks.provisioner(parent.spec(), dir);
      err().println("retrying run " + parent.id() + " in " + dir);
      RunResult result =
          RunCommand.runOnWorker(
              () ->
                  durable.retry(
                      parent,
                      loop(store, parent, checkpoints),
                      dir,
                      provisioner,
                      DurableRuns.grader(parent.spec())));
      return RunCommand.report(result, out(), err());
    }
  }
}
