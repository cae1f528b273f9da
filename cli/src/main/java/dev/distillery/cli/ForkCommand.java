package dev.distillery.cli;

import dev.distillery.runtime.durable.DurableRuns;
import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.EventPayload;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code distillery fork RUN --at EVENT}: a new run that starts from another's history. */
@Command(
    name = "fork",
    mixinStandardHelpOptions = true,
    description = {
      "Start a new run from a point in RUN's history.",
      "Its history is RUN's up to EVENT (from the checkpoint at or before it), in a new workspace"
          + " restored from that checkpoint's snapshot; the new run records its parent run and"
          + " event.",
      "With -p the new run gets a different instruction: a new user request after the history,"
          + " or, when the fork point is before the model's first turn, instead of the task."
    })
final class ForkCommand extends DurableCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The parent run (id or prefix).")
  String runId;

  @Option(
      names = "--at",
      required = true,
      paramLabel = "EVENT",
      description = "An event of the parent: its id, a unique prefix, or its seq number (#12).")
  String at;

  @Option(
      names = {"-p", "--prompt"},
      description = "A different instruction for the fork.")
  String prompt;

  @Override
  public Integer call() throws Exception {
    Path storeFile = storeFile();
    try (DuckDbTraceStore store = Stores.forDurable(storeFile, "fork")) {
      DurableRuns durable = new DurableRuns(store);
      DurableRuns.ForkPoint point = durable.forkPoint(runId, at);
      WorkspaceCheckpointer checkpoints = snapshots.checkpointer(root.context, storeFile);
      Path dir = newWorkdir(checkpoints, "fork");
      err()
          .println(
              "forking run "
                  + point.parent().id()
                  + " at event #"
                  + point.at().seq()
                  + (point.checkpoint() == null
                      ? ", from the start (no checkpoint that early)"
                      : ", from step "
                          + ((EventPayload.Checkpoint) point.checkpoint().payload()).step())
                  + ", in "
                  + dir);
      RunResult result =
          RunCommand.runOnWorker(
              () ->
                  durable.fork(
                      point,
                      prompt,
                      loop(store, point.parent(), checkpoints),
                      checkpoints,
                      dir,
                      DurableRuns.grader(point.parent().spec())));
      return RunCommand.report(result, out(), err());
    }
  }
}
