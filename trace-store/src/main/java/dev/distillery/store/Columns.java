package dev.distillery.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The positions and types of a result set's columns, looked up once. DuckDB's driver finds a column
 * by name by comparing it with every column's name, ignoring case, on each call; a stream reading
 * millions of rows by name spends more time there than in the values.
 *
 * <p>Texts and times are read the way the query selected them, so the stream can select them in the
 * forms the driver hands over fastest ({@link #texts}) while other queries select plain columns for
 * the same mappers.
 */
final class Columns {
  private final Map<String, Integer> byName;
  // by 1-based position: a text selected as encode(text), a time selected as epoch_us(time)
  private final boolean[] utf8;
  private final boolean[] micros;

  private Columns(Map<String, Integer> byName, boolean[] utf8, boolean[] micros) {
    this.byName = byName;
    this.utf8 = utf8;
    this.micros = micros;
  }

  static Columns of(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int count = meta.getColumnCount();
    Map<String, Integer> byName = new HashMap<>();
    boolean[] utf8 = new boolean[count + 1];
    boolean[] micros = new boolean[count + 1];
    for (int i = count; i >= 1; i--) {
      // the first of two equal names wins, as with findColumn
      byName.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
      int type = meta.getColumnType(i);
      utf8[i] = type == Types.BLOB || type == Types.BINARY || type == Types.VARBINARY;
      micros[i] = type == Types.BIGINT;
    }
    return new Columns(byName, utf8, micros);
  }

  /**
   * Text columns of {@code table} as the stream selects them, each as its UTF-8 bytes under its own
   * name: {@code encode(t.c::VARCHAR) AS c, ...} (the cast turns a JSON column into its text and
   * leaves a VARCHAR as it is). DuckDB's driver decodes each VARCHAR value through a {@code
   * CharsetDecoder} on a direct buffer, two calls back into Java per value; a BLOB value is one
   * direct buffer, copied out and decoded by {@code new String}, which the JVM does with vector
   * instructions. Reading a store's messages that way takes about half the time.
   */
  static String texts(String table, String... columns) {
    return Arrays.stream(columns)
        .map(column -> "encode(" + table + "." + column + "::VARCHAR) AS " + column)
        .collect(Collectors.joining(", "));
  }

  /** Time columns of {@code table} as the stream selects them: microseconds since the epoch. */
  static String times(String table, String... columns) {
    return Arrays.stream(columns)
        .map(column -> "epoch_us(" + table + "." + column + ") AS " + column)
        .collect(Collectors.joining(", "));
  }

  /** The text at a 1-based position, selected plain or through {@link #texts}. */
  String text(ResultSet row, int column) throws SQLException {
    if (!utf8[column]) {
      return row.getString(column);
    }
    byte[] bytes = row.getBytes(column);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** The text's UTF-8 bytes, for a parser that reads bytes (no string made for a JSON text). */
  byte[] utf8(ResultSet row, int column) throws SQLException {
    if (utf8[column]) {
      return row.getBytes(column);
    }
    String text = row.getString(column);
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  byte[] utf8(ResultSet row, String name) throws SQLException {
    return utf8(row, of(name));
  }

  String text(ResultSet row, String name) throws SQLException {
    return text(row, of(name));
  }

  /** The time at a 1-based position, a TIMESTAMP in UTC or {@link #times}'s microseconds. */
  Instant instant(ResultSet row, int column) throws SQLException {
    if (!micros[column]) {
      return Jdbc.instant(row, column);
    }
    long value = row.getLong(column);
    return row.wasNull()
        ? null
        : Instant.ofEpochSecond(
            Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
  }

  Instant instant(ResultSet row, String name) throws SQLException {
    return instant(row, of(name));
  }

  /** The 1-based position of the column. */
  int of(String name) throws SQLException {
    Integer index = byName.get(name);
    if (index == null) {
      throw new SQLException("no column " + name + " in the result");
    }
    return index;
  }
}
