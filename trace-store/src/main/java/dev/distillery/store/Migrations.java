package dev.distillery.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema's history: V1..Vn, each a SQL resource beside this class, applied in order. The file
 * records its version in {@code distillery_meta.schema_version}.
 */
final class Migrations {
  /** Every migration of this distillery, oldest first. Add new files at the end. */
  static final List<String> STANDARD =
      List.of(
          "V1__initial.sql",
          "V2__suite_views.sql",
          "V3__analysis_views.sql",
          "V4__failure_signatures.sql",
          "V5__faster_failure_signatures.sql",
          "V6__durable_runs.sql",
          "V7__faster_call_views.sql",
          "V8__run_search_text.sql",
          "V9__call_args_column.sql",
          "V10__withdrawn_labels.sql",
          "V11__judgements.sql",
          "V12__label_sources.sql");

  private static final String FOLDER = "migrations/";
  private static final Pattern NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

  private final List<Migration> steps;

  private Migrations(List<Migration> steps) {
    this.steps = List.copyOf(steps);
  }

  static Migrations standard() {
    return load(STANDARD);
  }

  /** Loads the named resources from {@code dev/distillery/store/migrations/}; V1..Vn in order. */
  static Migrations load(List<String> names) {
    List<Migration> steps = new ArrayList<>();
    for (String name : names) {
      Matcher matcher = NAME.matcher(name);
      if (!matcher.matches()) {
        throw new IllegalArgumentException("migration " + name + " is not named V<n>__<what>.sql");
      }
      int version = Integer.parseInt(matcher.group(1));
      if (version != steps.size() + 1) {
        throw new IllegalArgumentException(
            "migration " + name + " is out of order: expected V" + (steps.size() + 1));
      }
      steps.add(new Migration(version, name, read(name)));
    }
    return new Migrations(steps);
  }

  private static String read(String name) {
    try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("migration resource " + FOLDER + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int latest() {
    return steps.size();
  }

  /** Brings the file up to {@link #latest()} in one transaction; refuses a newer file. */
  void migrate(Connection connection, Path file) throws SQLException {
    int current = version(connection, file);
    if (current > latest()) {
      throw StoreVersionException.tooNew(file, current, latest());
    }
    if (current == latest()) {
      return;
    }
    // one transaction a step: DuckDB refuses to commit a transaction that alters a table twice and
    // updates it in between (V4 and V6 both add a column to events and fill it)
    for (int version = current + 1; version <= latest(); version++) {
      Migration step = steps.get(version - 1);
      try {
        Jdbc.begin(connection);
        try (Statement statement = connection.createStatement()) {
          statement.execute(step.sql());
        }
        writeVersion(connection, version);
        Jdbc.commit(connection);
      } catch (SQLException e) {
        Jdbc.rollback(connection, e);
        throw new StoreException(
            "could not migrate store "
                + file
                + " from schema v"
                + (version - 1)
                + " to v"
                + version
                + ", it stays at v"
                + (version - 1)
                + ": "
                + StoreException.firstLine(e.getMessage()),
            e);
      } catch (RuntimeException e) {
        Jdbc.rollback(connection, e);
        throw e;
      }
    }
  }

  /** A read-only store must already be at {@link #latest()}. */
  void requireCurrent(Connection connection, Path file) throws SQLException {
    int current = version(connection, file);
    if (current > latest()) {
      throw StoreVersionException.tooNew(file, current, latest());
    }
    if (current < latest()) {
      throw StoreVersionException.needsMigration(file, current, latest());
    }
  }

  /** 0 for an empty file; refuses a DuckDB file that some other program made. */
  static int version(Connection connection, Path file) throws SQLException {
    if (count(connection, "distillery_meta") == 0) {
      if (count(connection, null) > 0) {
        throw new StoreException(
            file
                + " is a DuckDB file but not a distillery store (it has no distillery_meta table)");
      }
      return 0;
    }
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT value FROM distillery_meta WHERE key = 'schema_version'")) {
      return row.next() ? Integer.parseInt(row.getString(1).strip()) : 0;
    }
  }

  private static long count(Connection connection, String table) throws SQLException {
    String sql =
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
            + (table == null ? "" : " AND table_name = ?");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (table != null) {
        statement.setString(1, table);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void writeVersion(Connection connection, int version) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO distillery_meta (key, value) VALUES ('schema_version', ?)")) {
      statement.setString(1, Integer.toString(version));
      statement.executeUpdate();
    }
  }
}
