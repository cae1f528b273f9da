package dev.distillery.store.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What makes a partition visible: {@code DIR/_manifests/suite_run=R/shard=sK.json}, naming each
 * table's files (relative to the lake) and row counts. It is written whole beside its place, then
 * renamed over it, so a reader sees the old manifest or the new one, never half of one.
 */
record LakeManifest(
    LakePartition partition, Instant pushedAt, String store, Map<String, TableFiles> tables) {
  static final String DIRECTORY = "_manifests";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One table's files in a partition. */
  record TableFiles(List<String> files, long rows) {
    TableFiles {
      files = List.copyOf(files);
    }
  }

  LakeManifest {
    tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  /** A text field of a JSON object, null when absent. */
  static String field(String json, String name) throws IOException {
    JsonNode value = JSON.readTree(json).get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  static Path file(Path lake, LakePartition partition) {
    return lake.resolve(DIRECTORY).resolve(partition.path() + ".json");
  }

  /** Every committed manifest of the lake. */
  static List<LakeManifest> all(Path lake) {
    Path dir = lake.resolve(DIRECTORY);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<LakeManifest> manifests = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        manifests.add(read(file));
      }
      return manifests;
    } catch (IOException e) {
      throw new LakeException("could not read the manifests of lake " + lake + ": " + e, e);
    }
  }

  static LakeManifest read(Path file) {
    try {
      JsonNode node = JSON.readTree(file.toFile());
      Map<String, TableFiles> tables = new LinkedHashMap<>();
      node.path("tables")
          .fields()
          .forEachRemaining(
              entry -> {
                List<String> files = new ArrayList<>();
                entry.getValue().path("files").forEach(f -> files.add(f.asText()));
                tables.put(
                    entry.getKey(), new TableFiles(files, entry.getValue().path("rows").asLong()));
              });
      return new LakeManifest(
          new LakePartition(node.path("suite_run").asText(), node.path("shard").asText()),
          Instant.parse(node.path("pushed_at").asText()),
          node.path("store").asText(null),
          tables);
    } catch (IOException | RuntimeException e) {
      throw new LakeException("could not read lake manifest " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes this manifest in place, atomically: the partition's commit. */
  void commit(Path lake) {
    Path target = file(lake, partition);
    ObjectNode node = JSON.createObjectNode();
    node.put("format", 1);
    node.put("suite_run", partition.suiteRun());
    node.put("shard", partition.shard());
    node.put("pushed_at", pushedAt.toString());
    node.put("store", store);
    ObjectNode tablesNode = node.putObject("tables");
    tables.forEach(
        (name, files) -> {
          ObjectNode table = tablesNode.putObject(name);
          table.put("rows", files.rows());
          files.files().forEach(table.withArray("files")::add);
        });
    try {
      Files.createDirectories(target.getParent());
      Path temporary = Files.createTempFile(target.getParent(), ".manifest-", ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), node);
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.deleteIfExists(temporary);
        throw new LakeException(
            "lake " + lake + " is on a file system without atomic renames: " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new LakeException("could not commit " + target + ": " + e, e);
    }
  }

  /** Every file this manifest names, relative to the lake. */
  List<String> files() {
    return tables.values().stream().flatMap(t -> t.files().stream()).toList();
  }
}
