package dev.distillery.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.lake.Lake;
import dev.distillery.trace.DistilleryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The lake half of {@code bench scale}: a push beside DuckDB's raw COPY of the same tables, and
 * reads of a lake whose tables are split into many files, before and after compaction.
 */
final class LakeBench {
  private static final List<String> TABLES = List.of("runs", "events", "messages", "annotations");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private int lakes;

  LakeBench(Path dir) {
    this.dir = dir;
  }

  /** One shard's push to a fresh lake, and the raw COPY of its tables. */
  record Push(long lakeBytes, double lakeMillis, long rawBytes, double rawMillis) {}

  /** Reading a lake: open plus a count of events, before and after compaction. */
  record Read(double millis, long events, double compactedMillis) {}

  Push push(Path storeFile) throws Exception {
    Lake lake = new Lake(next());
    long start = System.nanoTime();
    long bytes;
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(storeFile)) {
      bytes = lake.push(store, null).stream().mapToLong(Lake.Pushed::bytes).sum();
    }
    double lakeMillis = millis(start);
    Path raw = next();
    Files.createDirectories(raw);
    start = System.nanoTime();
    try (Connection connection = readOnly(storeFile);
        Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        statement.execute(
            "COPY (SELECT * FROM "
                + table
                + ") TO '"
                + raw.resolve(table + ".parquet")
                + "' (FORMAT parquet, COMPRESSION zstd)");
      }
    }
    double rawMillis = millis(start);
    return new Push(bytes, lakeMillis, size(raw), rawMillis);
  }

  /**
   * A lake of one partition holding the store's rows, each table split into {@code files} files (a
   * lake written otherwise than by push, which writes one), read; then compacted and read again.
   */
  Read read(Path storeFile, int files) throws Exception {
    Lake lake = new Lake(next());
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(storeFile)) {
      lake.push(store, null);
    }
    split(lake.dir(), storeFile, files);
    long start = System.nanoTime();
    long events = count(lake);
    double before = millis(start);
    lake.compact();
    start = System.nanoTime();
    long compacted = count(lake);
    double after = millis(start);
    if (compacted != events) {
      throw new DistilleryException(
          "the lake read "
              + events
              + " events in "
              + files
              + " files a table and "
              + compacted
              + " after compact");
    }
    return new Read(before, events, after);
  }

  private static long count(Lake lake) {
    try (DuckDbTraceStore store = lake.open(true)) {
      return Long.parseLong(
          String.valueOf(store.query("SELECT count(*) FROM events", 1).rows().get(0).get(0)));
    }
  }

  /**
   * Rewrites each partition's files as {@code files} files per table, and its manifest to match.
   */
  private static void split(Path lake, Path storeFile, int files) throws Exception {
    List<Path> manifests;
    try (Stream<Path> walk = Files.walk(lake.resolve("_manifests"))) {
      manifests = walk.filter(f -> f.toString().endsWith(".json")).toList();
    }
    try (Connection connection = readOnly(storeFile);
        Statement statement = connection.createStatement()) {
      for (Path manifest : manifests) {
        ObjectNode node = (ObjectNode) JSON.readTree(manifest.toFile());
        String partition = "suite_run=" + node.get("suite_run").asText() + "/shard=";
        partition += node.get("shard").asText();
        var tables = node.with("tables");
        for (var table :
            (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) tables::fields) {
          ArrayNode names = ((ObjectNode) table.getValue()).putArray("files");
          for (int i = 0; i < files; i++) {
            String relative = table.getKey() + "/" + partition + "/part-split-" + i + ".parquet";
            Path target = lake.resolve(relative);
            Files.createDirectories(target.getParent());
            statement.execute(
                String.format(
                    java.util.Locale.ROOT,
                    "COPY (SELECT * EXCLUDE (k) FROM (SELECT *, row_number() OVER () AS k FROM %s)"
                        + " WHERE k %% %d = %d) TO '%s' (FORMAT parquet, COMPRESSION zstd)",
                    table.getKey(),
                    files,
                    i,
                    target));
            names.add(relative);
          }
        }
        JSON.writeValue(manifest.toFile(), node);
      }
    }
  }

  private Path next() {
    return dir.resolve("lake-" + ++lakes);
  }

  static Connection readOnly(Path file) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("duckdb.read_only", "true");
    return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
  }

  private static long size(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static double millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
