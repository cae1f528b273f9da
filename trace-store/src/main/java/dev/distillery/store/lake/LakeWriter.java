package dev.distillery.store.lake;

import dev.distillery.store.DuckDbTraceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Pushes a store's partitions: each table's rows written by DuckDB's COPY into a staging folder,
 * renamed into position, then committed by the partition's manifest ({@link LakeManifest}); the
 * files of an earlier push of the same partition are removed only after that.
 */
final class LakeWriter {
  static final String STAGING = "_staging";

  /** Each table's query, given the partition's condition on runs. */
  static final Map<String, String> TABLES =
      orderedMap(
          "runs", "SELECT * FROM runs WHERE %s ORDER BY started_at, id",
          "events",
              "SELECT * FROM events WHERE run_id IN (SELECT id FROM runs WHERE %s)"
                  + " ORDER BY run_id, seq",
          "messages",
              "SELECT * FROM messages WHERE run_id IN (SELECT id FROM runs WHERE %s)"
                  + " ORDER BY run_id, idx",
          "annotations",
              "SELECT * FROM annotations WHERE run_id IN (SELECT id FROM runs WHERE %s)"
                  + " ORDER BY created_at, id");

  private final Path lake;

  LakeWriter(Path lake) {
    this.lake = lake;
  }

  /** A partition whose files are in position but not yet visible: {@link #commit} shows them. */
  record Staged(LakeManifest manifest) {}

  /** Writes the partition's files in position; nothing is visible until {@link #commit}. */
  Staged stage(DuckDbTraceStore store, LakePartition partition) {
    String id = UUID.randomUUID().toString();
    Path staging = lake.resolve(STAGING).resolve(id);
    Map<String, LakeManifest.TableFiles> tables = new LinkedHashMap<>();
    try {
      Files.createDirectories(staging);
      for (Map.Entry<String, String> table : TABLES.entrySet()) {
        Path written = staging.resolve(table.getKey() + ".parquet");
        long rows =
            store.copyToParquet(String.format(table.getValue(), partition.runsWhere()), written);
        if (rows == 0) {
          Files.deleteIfExists(written);
          continue;
        }
        String relative = table.getKey() + "/" + partition.path() + "/part-" + id + ".parquet";
        moveInto(written, lake.resolve(relative));
        tables.put(table.getKey(), new LakeManifest.TableFiles(List.of(relative), rows));
      }
    } catch (IOException e) {
      throw new LakeException(
          "could not write partition " + partition + " to " + lake + ": " + e, e);
    } finally {
      deleteTree(staging);
    }
    return new Staged(new LakeManifest(partition, Instant.now(), store.file().toString(), tables));
  }

  /** Makes a staged partition visible, then removes its earlier files and leftovers. */
  LakeManifest commit(Staged staged) {
    staged.manifest().commit(lake);
    sweep(staged.manifest());
    return staged.manifest();
  }

  /**
   * Removes the files in the partition's folders that its manifest does not name: those of an
   * earlier push, and those of a push killed before its commit.
   */
  void sweep(LakeManifest manifest) {
    Set<Path> keep = new HashSet<>();
    manifest.files().forEach(f -> keep.add(lake.resolve(f).normalize()));
    for (String table : TABLES.keySet()) {
      Path dir = lake.resolve(table).resolve(manifest.partition().path());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          if (!keep.contains(file.normalize())) {
            Files.deleteIfExists(file);
          }
        }
      } catch (IOException e) {
        throw new LakeException("could not clean " + dir + ": " + e, e);
      }
    }
  }

  /** Renames a finished file into the lake (one file system, so the rename is atomic). */
  static void moveInto(Path written, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a leftover staging folder is only disk space: nothing reads it
    }
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
