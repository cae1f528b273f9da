package dev.distillery.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.QueryTable;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/** Runs a user's SQL on a locked-down read-only connection and turns the rows into plain values. */
final class QueryRunner {
  /** No writes (read-only file), no files, no extensions, and no way to undo either setting. */
  static final List<String> LOCKDOWN =
      List.of("SET enable_external_access = false", "SET lock_configuration = true");

  /** Why a query that is not one read-only SELECT does not run, wherever it was sent. */
  public static final String SELECT_ONLY = "only read-only SELECT queries run here";

  private QueryRunner() {}

  static void lockDown(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String setting : LOCKDOWN) {
        statement.execute(setting);
      }
    }
  }

  /**
   * Runs the query only when DuckDB's parser reads it as exactly one SELECT, with file access off:
   * for a connection that can also write.
   */
  static QueryTable runSelectOnly(Connection connection, String sql, int maxRows) {
    try (PreparedStatement parse =
        connection.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
      parse.setString(1, sql);
      try (ResultSet row = parse.executeQuery()) {
        row.next();
        JsonNode parsed = Json.MAPPER.readTree(row.getString(1));
        if (parsed.path("error").asBoolean(true)) {
          String reason = parsed.path("error_message").asText("");
          // DuckDB serialises SELECTs only; a query that does not parse says why
          throw new QueryException(
              reason.startsWith("Only SELECT statements")
                  ? SELECT_ONLY
                  : StoreException.firstLine(reason.isEmpty() ? SELECT_ONLY : reason));
        }
        if (parsed.path("statements").size() != 1) {
          throw new QueryException("only a single SELECT can run here, not several statements");
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET enable_external_access = false");
      }
    } catch (SQLException | java.io.IOException e) {
      throw new QueryException(StoreException.firstLine(e.getMessage()), e);
    }
    return run(connection, sql, maxRows);
  }

  static QueryTable run(Connection connection, String sql, int maxRows) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows cannot be negative");
    }
    try (Statement statement = connection.createStatement()) {
      if (!statement.execute(sql)) {
        return new QueryTable(List.of(), List.of(), false);
      }
      try (ResultSet rows = statement.getResultSet()) {
        return read(rows, maxRows);
      }
    } catch (SQLException e) {
      throw new QueryException(reason(e), e);
    }
  }

  /** DuckDB's first line, except that a write on the read-only file says what runs here. */
  private static String reason(SQLException e) {
    String message = StoreException.firstLine(e.getMessage());
    return message.contains("Cannot execute statement of type")
            && message.contains("read-only mode")
        ? SELECT_ONLY
        : message;
  }

  private static QueryTable read(ResultSet rows, int maxRows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    List<String> columns = new ArrayList<>(meta.getColumnCount());
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(meta.getColumnLabel(i));
    }
    List<List<Object>> out = new ArrayList<>();
    while (out.size() < maxRows && rows.next()) {
      List<Object> row = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        row.add(plain(rows.getObject(i)));
      }
      out.add(row);
    }
    boolean truncated = out.size() == maxRows && rows.next();
    return new QueryTable(columns, out, truncated);
  }

  /**
   * One of the values {@link QueryTable} promises: what JSON and a table can show without knowing
   * DuckDB's classes. Structs and maps become maps, lists lists, blobs DuckDB's escaped text.
   */
  static Object plain(Object value) throws SQLException {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof LocalDateTime
        || value instanceof LocalDate) {
      return value;
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Array array) {
      List<Object> items = new ArrayList<>();
      for (Object item : (Object[]) array.getArray()) {
        items.add(plain(item));
      }
      return items;
    }
    if (value instanceof Struct struct) {
      return plain(((DuckDBStruct) struct).getMap());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> entries = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        entries.put(String.valueOf(plain(entry.getKey())), plain(entry.getValue()));
      }
      return entries;
    }
    if (value instanceof Blob blob) {
      return blobText(blob.getBytes(1, (int) blob.length()));
    }
    return value.toString();
  }

  /** As DuckDB prints a BLOB: printable ASCII as it is, other bytes as {@code \xAB}. */
  private static String blobText(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int unsigned = b & 0xff;
      if (unsigned >= 0x20 && unsigned < 0x7f && unsigned != '\\') {
        out.append((char) unsigned);
      } else {
        out.append(String.format("\\x%02X", unsigned));
      }
    }
    return out.toString();
  }
}
