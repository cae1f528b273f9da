package dev.distillery.cli;

import dev.distillery.runtime.durable.DurableRuns;
import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.EventPayload;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillery resume RUN}: an interrupted run continues from its last checkpoint. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Continue an interrupted run from its last checkpoint.",
      "The same run goes on, its workspace restored from the checkpoint's snapshot, its events"
          + " after a run_resumed event.",
      "The agent works in the run's recorded working directory unless --workdir says else; the"
          + " model is the run's unless --model says else (give --script or --base-url again)."
    })
final class ResumeCommand extends DurableCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id or a unique prefix.")
  String runId;

  @Option(
      names = "--restore",
      description =
          "For a run in a directory of yours (not a suite's workspace): put the directory back as"
              + " it was at the checkpoint, losing what changed in it since. Without it such a"
              + " resume is refused; --workdir DIR resumes in another directory instead.")
  boolean restore;

  @Override
  public Integer call() throws Exception {
    Path storeFile = storeFile();
    try (DuckDbTraceStore store = Stores.forDurable(storeFile, "resume")) {
      DurableRuns durable = new DurableRuns(store);
      DurableRuns.Resumable point = durable.resumable(runId);
      refuseToUndoUserChanges(point);
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

  /**
   * A suite attempt's workspace is the run's own; an ad-hoc run worked in the user's directory,
   * where a restore would delete what the user changed since the checkpoint, so it takes a word.
   */
  private void refuseToUndoUserChanges(DurableRuns.Resumable point) {
    if (restore
        || workdir != null
        || point.run().spec().suiteRunId() != null
        || point.checkpoint() == null
        || ((EventPayload.Checkpoint) point.checkpoint().payload()).snapshot() == null) {
      return;
    }
    throw new DistilleryException(
        "run "
            + point.run().id()
            + " worked in "
            + point.run().spec().workingDirectory()
            + ", a directory of yours: resuming puts it back as it was at step "
            + ((EventPayload.Checkpoint) point.checkpoint().payload()).step()
            + ", losing what changed in it since; add --restore to do that, or --workdir DIR to"
            + " resume in another directory");
  }
}
