package dev.distillery.cli;

import dev.distillery.runtime.durable.SnapshotMode;
import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import dev.distillery.runtime.loop.Checkpointer;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What checkpoints cost a run: the soak's six-step task in this process, in a workspace that also
 * holds {@code files} files of 8 KiB, without checkpoints (the baseline) and with each snapshot
 * mode. Seven checkpoints a run: after provisioning and after each step.
 */
final class CheckpointCost {
  /** Mean wall time of one run with checkpoints made this way. */
  record Row(String mode, double millisPerRun) {}

  private CheckpointCost() {}

  static List<Row> measure(Path dir, int runs, int files) throws IOException {
    List<Row> rows = new ArrayList<>();
    Path file = dir.resolve("cost.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      time(store, dir, "warm-up", Checkpointer.NONE, 3, files);
      rows.add(new Row("none", time(store, dir, "none", Checkpointer.NONE, runs, files)));
      for (SnapshotMode mode : SnapshotMode.values()) {
        WorkspaceCheckpointer checkpoints =
            new WorkspaceCheckpointer(dir.resolve("snapshots-" + mode.wire()), mode, Set.of());
        rows.add(new Row(mode.wire(), time(store, dir, mode.wire(), checkpoints, runs, files)));
      }
    }
    return rows;
  }

  private static double time(
      DuckDbTraceStore store, Path dir, String name, Checkpointer checkpoints, int runs, int files)
      throws IOException {
    long total = 0;
    for (int i = 0; i < runs; i++) {
      Path workdir = Files.createDirectories(dir.resolve(name + "-" + i));
      byte[] content = new byte[8 * 1024];
      for (int f = 0; f < files; f++) {
        Files.write(workdir.resolve("file-" + f + ".bin"), content);
      }
      long start = System.nanoTime();
      RunStatus status = SoakChild.run(store, checkpoints, workdir).status();
      total += System.nanoTime() - start;
      if (status != RunStatus.SUCCEEDED) {
        throw new IllegalStateException("the cost run ended " + status.wire());
      }
    }
    return total / 1e6 / runs;
  }
}
