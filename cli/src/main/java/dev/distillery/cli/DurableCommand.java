package dev.distillery.cli;

import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import dev.distillery.runtime.loop.AgentLoop;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.policy.Lines;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Ids;
import dev.distillery.trace.KnownSecrets;
import dev.distillery.trace.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What resume, fork and retry share: the store, the model, snapshots, where the agent works. */
abstract class DurableCommand {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin ModelOptions modelOptions;
  @Mixin SnapshotOptions snapshots;
  @Mixin ControlOptions controlOptions;

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description = "Where the agent works (see the command's description for the default).")
  Path workdir;

  Path storeFile() {
    return storeOption.resolve(root.context);
  }

  /**
   * The loop for a run recorded with {@code model} unless --model or $DISTILLERY_MODEL says else.
   */
  AgentLoop loop(DuckDbTraceStore store, Run run, WorkspaceCheckpointer checkpoints) {
    if (modelOptions.provider.model == null
        && !root.context.env().containsKey("DISTILLERY_MODEL")) {
      modelOptions.provider.model = run.spec().model();
    }
    // the same controls as run: policy, approvals on a terminal, hooks, persona, skills
    LoopOptions options =
        controlOptions.apply(
            modelOptions.loopOptions(root.context),
            root.context,
            root.context.terminal() ? new Lines(root.context.in()) : null,
            err());
    return new AgentLoop(
            modelOptions.client(root.context, new LivePrinter(err())),
            ToolRegistry.defaults(controlOptions.sandbox(root.context)),
            KnownSecrets.process().guard(new ConsoleSink(store, err())),
            options,
            modelOptions.pricing(root.context))
        .withCheckpoints(checkpoints);
  }

  /**
   * --workdir, which must be new or empty (a restore replaces what it holds), else a new directory
   * for a new run beside the snapshots.
   */
  Path newWorkdir(WorkspaceCheckpointer checkpoints, String what) throws IOException {
    if (workdir != null) {
      Path dir = root.context.cwd().resolve(workdir);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new DistilleryException(
                "--workdir "
                    + dir
                    + " is not empty; a "
                    + what
                    + " needs a new or empty directory");
          }
        }
      }
      return dir;
    }
    return checkpoints
        .root()
        .resolveSibling(checkpoints.root().getFileName() + "-workspaces")
        .resolve(what + "-" + Ids.newId());
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
