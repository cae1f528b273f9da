package dev.distillery.bench;

import dev.distillery.runtime.durable.SnapshotMode;
import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import dev.distillery.runtime.loop.Checkpointer;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What checkpoints cost a run: the soak's six-step task in this process, in a workspace that also
 * holds {@code files} files of 8 KiB written an hour before, without checkpoints (the baseline) and
 * with each snapshot mode. Seven checkpoints a run: after provisioning and after each step.
 */
final class CheckpointCost {
  /**
   * Mean wall time of one run with checkpoints made this way, and the snapshot bytes it left on
   * disk (files shared through hard links counted once).
   */
  record Row(String mode, double millisPerRun, long diskBytesPerRun) {}

  private CheckpointCost() {}

  static List<Row> measure(Path dir, int runs, int files) throws IOException {
    List<Row> rows = new ArrayList<>();
    Path file = dir.resolve("cost.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      time(store, dir, "warm-up", Checkpointer.NONE, 3, files);
      rows.add(new Row("none", time(store, dir, "none", Checkpointer.NONE, runs, files), 0));
      for (SnapshotMode mode : SnapshotMode.values()) {
        Path root = dir.resolve("snapshots-" + mode.wire());
        WorkspaceCheckpointer checkpoints = new WorkspaceCheckpointer(root, mode, Set.of());
        double millis = time(store, dir, mode.wire(), checkpoints, runs, files);
        rows.add(new Row(mode.wire(), millis, diskBytes(root) / runs));
      }
    }
    return rows;
  }

  private static long diskBytes(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    Set<Object> seen = new HashSet<>();
    long bytes = 0;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (seen.add(attributes.fileKey())) {
          bytes += attributes.size();
        }
      }
    }
    return bytes;
  }

  private static double time(
      DuckDbTraceStore store, Path dir, String name, Checkpointer checkpoints, int runs, int files)
      throws IOException {
    long total = 0;
    for (int i = 0; i < runs; i++) {
      Path workdir = Files.createDirectories(dir.resolve(name + "-" + i));
      byte[] content = new byte[8 * 1024];
      // written an hour ago, as a checked-out project's files are: link mode compares them by
      // size and time only (files changed within two seconds of a snapshot are compared by bytes)
      FileTime anHourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
      for (int f = 0; f < files; f++) {
        Path written = Files.write(workdir.resolve("file-" + f + ".bin"), content);
        Files.setLastModifiedTime(written, anHourAgo);
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
