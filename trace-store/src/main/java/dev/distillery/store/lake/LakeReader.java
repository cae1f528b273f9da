package dev.distillery.store.lake;

import dev.distillery.store.DuckDbTraceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the lake as a store: the committed manifests' files (and the label files) loaded into a
 * fresh store of the current schema, so that every documented view and every command reads it as it
 * reads a store file. Columns are matched by name ({@code union_by_name}): a shard from a newer
 * distillery with an extra column still reads, and a column an older shard lacks is null.
 */
final class LakeReader {
  private static final Set<String> KEYED = Set.of("runs", "annotations");

  private final Path lake;

  LakeReader(Path lake) {
    this.lake = lake;
  }

  /** Each table's files that the shards' manifests name, absolute (the label files are not). */
  Map<String, List<Path>> committed() {
    Map<String, List<Path>> files = new LinkedHashMap<>();
    LakeWriter.TABLES.keySet().forEach(t -> files.put(t, new ArrayList<>()));
    for (LakeManifest manifest : LakeManifest.all(lake)) {
      manifest
          .tables()
          .forEach(
              (table, tableFiles) ->
                  tableFiles
                      .files()
                      .forEach(
                          f ->
                              files
                                  .computeIfAbsent(table, t -> new ArrayList<>())
                                  .add(lake.resolve(f))));
    }
    return files;
  }

  /**
   * A store holding what the lake holds now, deleted when it is closed.
   *
   * @param forQueries as {@link DuckDbTraceStore#openReadOnlyForQueries}
   */
  DuckDbTraceStore open(boolean forQueries) {
    return DuckDbTraceStore.openSnapshot(copy(), forQueries);
  }

  /** A new store file, in the temporary folder, holding what the lake's committed files hold. */
  Path copy() {
    if (!Files.isDirectory(lake)) {
      throw new LakeException("no lake at " + lake);
    }
    Path copy;
    try {
      copy = Files.createTempFile("distillery-lake-", ".duckdb");
      Files.delete(copy);
    } catch (IOException e) {
      throw new LakeException("could not make a temporary store for lake " + lake + ": " + e, e);
    }
    DuckDbTraceStore.open(copy).close();
    try {
      load(copy);
    } catch (RuntimeException e) {
      LakeWriter.deleteTree(copy);
      throw e;
    }
    return copy;
  }

  private void load(Path copy) {
    // a push that replaces a shard removes its old files after its commit: read the manifests
    // again when one of the files they named has gone meanwhile
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + copy)) {
        connection.setAutoCommit(false);
        Map<String, List<Path>> files = committed();
        for (Map.Entry<String, List<Path>> table : files.entrySet()) {
          insert(connection, table.getKey(), table.getValue());
        }
        insert(connection, "annotations", new LakeLabels(lake).files());
        connection.commit();
        return;
      } catch (SQLException e) {
        if (attempt == 3) {
          throw new LakeException("could not read lake " + lake + ": " + firstLine(e), e);
        }
      }
    }
  }

  private static void insert(Connection connection, String table, List<Path> files)
      throws SQLException {
    if (files.isEmpty()) {
      return;
    }
    String source = "read_parquet(" + list(files) + ", union_by_name = true)";
    Set<String> columns = columns(connection, "DESCRIBE " + table);
    columns.retainAll(columns(connection, "DESCRIBE SELECT * FROM " + source));
    String names = String.join(", ", columns.stream().map(c -> '"' + c + '"').toList());
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          // runs and annotations have keys: a row met twice (a label in a shard and in labels/)
          // is kept once
          (KEYED.contains(table) ? "INSERT OR IGNORE INTO " : "INSERT INTO ")
              + table
              + " ("
              + names
              + ") SELECT "
              + names
              + " FROM "
              + source);
    }
  }

  private static Set<String> columns(Connection connection, String describe) throws SQLException {
    Set<String> columns = new LinkedHashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(describe)) {
      while (rows.next()) {
        columns.add(rows.getString(1));
      }
    }
    return columns;
  }

  /**
   * DuckDB's COPY of a query over Parquet files (no store) to one Parquet file; the rows written.
   */
  static long copy(String select, Path target) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      return statement.executeLargeUpdate(
          "COPY ("
              + select
              + ") TO "
              + LakePartition.literal(target.toAbsolutePath().toString())
              + " (FORMAT parquet, COMPRESSION zstd)");
    } catch (SQLException e) {
      throw new LakeException("could not write " + target + ": " + firstLine(e), e);
    }
  }

  /** A SQL list of file names: {@code ['a.parquet', 'b.parquet']}. */
  static String list(List<Path> files) {
    return "["
        + String.join(", ", files.stream().map(f -> LakePartition.literal(f.toString())).toList())
        + "]";
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? "unknown error" : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
