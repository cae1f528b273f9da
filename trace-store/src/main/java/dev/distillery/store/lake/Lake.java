package dev.distillery.store.lake;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A lake of Hive-partitioned Parquet: the stores' tables as {@code
 * DIR/<table>/suite_run=R/shard=sK/part-<uuid>.parquet}, visible once a manifest under {@code
 * DIR/_manifests/} names them, and annotations appended under {@code DIR/labels/}. One writer per
 * partition at a time (a shard and its retries); any number of readers.
 */
public final class Lake {
  private final Path dir;

  public Lake(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /** What one push committed. */
  public record Pushed(LakePartition partition, Map<String, Long> rows, long bytes) {}

  /**
   * Pushes the store's runs, one partition per (suite run, shard), replacing what an earlier push
   * of the same partition left.
   *
   * @param suiteRun only this suite run's runs; null for all of them
   */
  public List<Pushed> push(DuckDbTraceStore store, String suiteRun) {
    List<Pushed> pushed = new ArrayList<>();
    LakeWriter writer = new LakeWriter(dir);
    for (LakePartition partition : partitions(store, suiteRun)) {
      pushed.add(pushed(writer.commit(writer.stage(store, partition))));
    }
    return pushed;
  }

  /** Appends the store's annotations that the lake lacks; returns how many. */
  public long pushLabels(DuckDbTraceStore store) {
    List<Path> known = new ArrayList<>(new LakeReader(dir).committed().get("annotations"));
    LakeLabels labels = new LakeLabels(dir);
    known.addAll(labels.files());
    return labels.push(store, known);
  }

  /** What {@link #compact} did. */
  public record Compacted(int partitionsMerged, int labelFilesMerged) {}

  /**
   * Merges each partition's files of one table into one file, and the label files into one. Run it
   * while no push writes to the lake.
   */
  public Compacted compact() {
    LakeWriter writer = new LakeWriter(dir);
    int merged = 0;
    for (LakeManifest manifest : LakeManifest.all(dir)) {
      if (manifest.tables().values().stream().allMatch(t -> t.files().size() < 2)) {
        writer.sweep(manifest);
        continue;
      }
      Map<String, LakeManifest.TableFiles> tables = new LinkedHashMap<>();
      String id = UUID.randomUUID().toString();
      manifest
          .tables()
          .forEach((table, files) -> tables.put(table, merge(table, manifest, files, id)));
      writer.commit(
          new LakeWriter.Staged(
              new LakeManifest(
                  manifest.partition(), manifest.pushedAt(), manifest.store(), tables)));
      merged++;
    }
    return new Compacted(merged, new LakeLabels(dir).compact());
  }

  /** The committed partitions, in path order. */
  public List<LakePartition> partitions() {
    return LakeManifest.all(dir).stream().map(LakeManifest::partition).toList();
  }

  /** Each table's committed files (annotations: the shards' only), for other readers (Spark). */
  public Map<String, List<Path>> committedFiles() {
    return new LakeReader(dir).committed();
  }

  /**
   * What the lake holds now, as a store: every documented view and reading command works on it. The
   * store is a temporary copy, deleted when it is closed.
   */
  public DuckDbTraceStore open(boolean forQueries) {
    return new LakeReader(dir).open(forQueries);
  }

  /**
   * A new store file (in the temporary folder) holding what the lake holds now, for a process that
   * adds labels to it and pushes them back ({@code serve --lake}); the caller deletes it.
   */
  public Path copy() {
    return new LakeReader(dir).copy();
  }

  private LakeManifest.TableFiles merge(
      String table, LakeManifest manifest, LakeManifest.TableFiles files, String id) {
    if (files.files().size() < 2) {
      return files;
    }
    String relative = table + "/" + manifest.partition().path() + "/part-" + id + ".parquet";
    Path staging = dir.resolve(LakeWriter.STAGING).resolve(id);
    try {
      Files.createDirectories(staging);
      Path written = staging.resolve(table + ".parquet");
      long rows =
          LakeReader.copy(
              "SELECT * FROM read_parquet("
                  + LakeReader.list(files.files().stream().map(dir::resolve).toList())
                  + ", union_by_name = true)",
              written);
      LakeWriter.moveInto(written, dir.resolve(relative));
      return new LakeManifest.TableFiles(List.of(relative), rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      LakeWriter.deleteTree(staging);
    }
  }

  static Set<LakePartition> partitions(DuckDbTraceStore store, String suiteRun) {
    Set<LakePartition> partitions = new LinkedHashSet<>();
    RunFilter filter = RunFilter.builder().suiteRunId(suiteRun).limit(Integer.MAX_VALUE).build();
    for (Run run : store.runs(filter)) {
      partitions.add(LakePartition.of(run.spec().suiteRunId(), shardOf(run)));
    }
    return partitions;
  }

  private static String shardOf(Run run) {
    String metadata = run.spec().metadataJson();
    if (metadata == null || !metadata.contains("\"shard\"")) {
      return null;
    }
    try {
      return LakeManifest.field(metadata, "shard");
    } catch (IOException e) {
      return null;
    }
  }

  private Pushed pushed(LakeManifest manifest) {
    Map<String, Long> rows = new LinkedHashMap<>();
    long bytes = 0;
    for (Map.Entry<String, LakeManifest.TableFiles> table : manifest.tables().entrySet()) {
      rows.put(table.getKey(), table.getValue().rows());
      for (String file : table.getValue().files()) {
        try {
          bytes += Files.size(dir.resolve(file));
        } catch (IOException e) {
          // replaced meanwhile by another push of this partition: not counted
        }
      }
    }
    return new Pushed(manifest.partition(), rows, bytes);
  }
}
