package dev.distillery.cli;

import dev.distillery.runtime.durable.SnapshotMode;
import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

/** How checkpoints keep the workspace: {@code --snapshots} and {@code --snapshot-dir}. */
final class SnapshotOptions {
  @Option(
      names = "--snapshots",
      paramLabel = "MODE",
      defaultValue = "link",
      description =
          "Workspace snapshot at each checkpoint: link (hard links to the previous snapshot for"
              + " unchanged files, copies of changed ones; the default), copy, off.")
  SnapshotMode mode;

  @Option(
      names = "--snapshot-dir",
      paramLabel = "DIR",
      description = "Where snapshots are kept (default: the store's path + .snapshots).")
  Path directory;

  @Option(
      names = "--snapshot-max-mb",
      paramLabel = "MB",
      defaultValue = "256",
      description =
          "A run whose working directory holds more than this (or over 20,000 files) when it"
              + " starts keeps checkpoints without snapshots (default 256).")
  long maxMegabytes = 256;

  /**
   * The checkpointer for a store; the store's own files, the snapshots and the workspaces of forks
   * and retries beside them are never snapshotted nor touched by a restore.
   */
  WorkspaceCheckpointer checkpointer(Context context, Path store) {
    Path root =
        directory != null
            ? context.cwd().resolve(directory)
            : store.resolveSibling(store.getFileName() + ".snapshots");
    if (maxMegabytes < 1) {
      throw new UsageException("--snapshot-max-mb must be at least 1");
    }
    return new WorkspaceCheckpointer(
        root,
        mode == null ? SnapshotMode.LINK : mode,
        Set.of(
            store,
            store.resolveSibling(store.getFileName() + ".wal"),
            root.resolveSibling(root.getFileName() + "-workspaces")),
        new WorkspaceCheckpointer.Limit(20_000, maxMegabytes * 1024 * 1024));
  }
}
