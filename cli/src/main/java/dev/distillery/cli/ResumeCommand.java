package dev.distillery.cli;

import dev.distillery.runtime.durable.DurableRuns;
import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.EventPayload;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code distillery resume RUN}: an interrupted run continues from its last checkpoint. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Continue an interrupted run from its last checkpoint: the same run, its workspace restored"
          + " from the checkpoint's snapshot, its events going on after a run_resumed event.",
      "The agent works in the run's recorded working directory unless --workdir says else; the"
          + " model is the run's unless --model says else (give --script or --base-url again)."
    })
final class ResumeCommand extends DurableCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id or a unique prefix.")
  String runId;

  @Override
  public Integer call() throws Exception {
    Path storeFile = storeFile();
    try (DuckDbTraceStore store = Stores.forDurable(storeFile, "resume")) {
      DurableRuns durable = new DurableRuns(store);
      DurableRuns.Resumable point = durable.resumable(runId);
      WorkspaceCheckpointer checkpoints = snapshots.checkpointer(root.context, storeFile);
      Path dir =
          workdir != null
              ? root.context.cwd().resolve(workdir)
              : Path.of(point.run().spec().workingDirectory());
      err()
          .println(
              "resuming run "
                  + point.run().id()
                  + (point.checkpoint() == null
                      ? " from the start (it has no checkpoint)"
                      : " from step "
                          + ((EventPayload.Checkpoint) point.checkpoint().payload()).step()
                          + " in "
                          + dir));
      RunResult result =
          RunCommand.runOnWorker(
              () ->
                  durable.resume(
                      point,
                      loop(store, point.run(), checkpoints),
                      checkpoints,
                      dir,
                      SuiteTasks.provisioner(point.run().spec(), dir),
                      DurableRuns.grader(point.run().spec())));
      return RunCommand.report(result, out(), err());
    }
  }
}
