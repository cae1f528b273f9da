package dev.distillery.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers: transactions, parameter binding, UTC timestamps, nullable columns. */
final class Jdbc {
  private Jdbc() {}

  /** Maps the current row of a result set. */
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Maps the current row, its columns found by name once per result set in {@code columns}. */
  interface ColumnMapper<T> {
    T map(ResultSet row, Columns columns) throws SQLException;
  }

  /**
   * Starts a transaction that really holds everything after it. DuckDB's JDBC driver joins the
   * Appender (and the first statements of a multi-statement script) to the transaction only once
   * some statement has run in it, so one runs here.
   */
  static void begin(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    }
  }

  static void commit(Connection connection) throws SQLException {
    connection.commit();
    connection.setAutoCommit(true);
  }

  /**
   * Rolls back after a failure and goes back to autocommit, so that the next write cannot end up in
   * a transaction nobody commits. Further failures are added to the first.
   */
  static void rollback(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  static <T> List<T> list(
      Connection connection, String sql, List<?> parameters, RowMapper<T> mapper)
      throws SQLException {
    return mapped(connection, sql, parameters, (row, columns) -> mapper.map(row));
  }

  /** As {@link #list}, for mappers that read columns by name: the names are looked up once. */
  static <T> List<T> mapped(
      Connection connection, String sql, List<?> parameters, ColumnMapper<T> mapper)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      try (ResultSet rows = statement.executeQuery()) {
        Columns columns = Columns.of(rows);
        List<T> out = new ArrayList<>();
        while (rows.next()) {
          out.add(mapper.map(rows, columns));
        }
        return out;
      }
    }
  }

  static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      statement.setObject(i + 1, parameters.get(i));
    }
  }

  /** Timestamps are stored as TIMESTAMP in UTC, to the microsecond. */
  static LocalDateTime utc(Instant instant) {
    return instant == null
        ? null
        : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  static Instant instant(ResultSet row, int column) throws SQLException {
    LocalDateTime value = row.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  static Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  static Integer nullableInt(ResultSet row, int column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }

  static Double nullableDouble(ResultSet row, int column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }
}
