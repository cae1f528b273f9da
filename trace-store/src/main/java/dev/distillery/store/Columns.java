package dev.distillery.store;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The positions of a result set's columns by name, looked up once. DuckDB's driver finds a column
 * by name by comparing it with every column's name, ignoring case, on each call; a stream reading
 * millions of rows by name spends more time there than in the values.
 */
final class Columns {
  private final Map<String, Integer> byName;

  private Columns(Map<String, Integer> byName) {
    this.byName = byName;
  }

  static Columns of(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    Map<String, Integer> byName = new HashMap<>();
    for (int i = meta.getColumnCount(); i >= 1; i--) {
      // the first of two equal names wins, as with findColumn
      byName.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
    }
    return new Columns(byName);
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
