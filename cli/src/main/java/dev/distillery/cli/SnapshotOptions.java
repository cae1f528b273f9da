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

  /**
   * The checkpointer for a store; the store's own files, the snapshots and the workspaces of forks
   * and retries beside them are never snapshotted nor touched by a restore.
   */
  WorkspaceCheckpointer checkpointer(Context context, Path store) {
    Path root =
        directory != null
            ? context.cwd().resolve(directory)
            : store.resolveSibling(store.getFileName() + ".snapshots");
    return new WorkspaceCheckpointer(
        root,
        mode == null ? SnapshotMode.LINK : mode,
        Set.of(
            store,
            store.resolveSibling(store.getFileName() + ".wal"),
            root.resolveSibling(root.getFileName() + "-workspaces")));
  }
}
