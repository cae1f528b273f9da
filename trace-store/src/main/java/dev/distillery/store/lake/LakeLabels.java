package dev.distillery.store.lake;

import dev.distillery.store.DuckDbTraceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Labels flowing back: annotations appended as {@code DIR/labels/part-<time>-<uuid>.parquet}, each
 * file complete when it appears (written aside, then renamed). Annotations are events, never
 * updated: a file holds those the lake did not have yet, and a reader keeps one row per id.
 */
final class LakeLabels {
  static final String DIRECTORY = "labels";

  private final Path lake;

  LakeLabels(Path lake) {
    this.lake = lake;
  }

  /** The label files, oldest first. */
  List<Path> files() {
    Path dir = lake.resolve(DIRECTORY);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
    } catch (IOException e) {
      throw new LakeException("could not list " + dir + ": " + e, e);
    }
  }

  /**
   * Appends the store's annotations that the lake has not got (by id, in its shards or labels).
   *
   * @param known the lake's files that hold annotations now
   * @return how many were appended
   */
  long push(DuckDbTraceStore store, List<Path> known) {
    String select =
        known.isEmpty()
            ? "SELECT * FROM annotations ORDER BY created_at, id"
            : "SELECT * FROM annotations WHERE id NOT IN (SELECT id FROM read_parquet("
                + LakeReader.list(known)
                + ", union_by_name = true)) ORDER BY created_at, id";
    return write(select, store::copyToParquet);
  }

  /** Merges every label file into one, keeping one row per annotation id. */
  int compact() {
    List<Path> files = files();
    if (files.size() < 2) {
      return 0;
    }
    String select =
        "SELECT * FROM read_parquet("
            + LakeReader.list(files)
            + ", union_by_name = true) QUALIFY row_number() OVER (PARTITION BY id ORDER BY"
            + " created_at) = 1 ORDER BY created_at, id";
    write(select, LakeReader::copy);
    // a reader between the rename and these deletes sees each label twice, and keeps one
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new LakeException("could not remove merged label file " + file + ": " + e, e);
      }
    }
    return files.size();
  }

  private interface Copy {
    long to(String select, Path file);
  }

  private long write(String select, Copy copy) {
    String name = "part-" + Instant.now().toEpochMilli() + "-" + UUID.randomUUID() + ".parquet";
    Path staging = lake.resolve(LakeWriter.STAGING).resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(staging);
      Path written = staging.resolve(name);
      long rows = copy.to(select, written);
      if (rows > 0) {
        LakeWriter.moveInto(written, lake.resolve(DIRECTORY).resolve(name));
      }
      return rows;
    } catch (IOException e) {
      throw new LakeException("could not append labels to " + lake + ": " + e, e);
    } finally {
      LakeWriter.deleteTree(staging);
    }
  }
}
