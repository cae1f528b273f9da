package dev.distillery.runtime.durable;

import java.util.Locale;

/** How a checkpoint keeps the workspace. */
public enum SnapshotMode {
  /**
   * A full copy for the first checkpoint; after that, a file unchanged since the run's previous
   * snapshot is a hard link to that snapshot's copy, a changed one a new copy. Snapshots share
   * files only with one another, never with the workspace, so a tool that rewrites a file in place
   * cannot change a snapshot.
   */
  LINK,
  /** A full copy at every checkpoint. */
  COPY,
  /** No snapshot: checkpoints record the conversation only; resume continues in the workspace. */
  OFF;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
