package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunColumnTest {
  @TempDir Path dir;

  @Test
  void should_list_the_runs_tables_columns_in_order_with_their_types_when_the_store_is_new()
      throws Exception {
    Path file = dir.resolve("traces.duckdb");
    DuckDbTraceStore.open(file).close();

    List<String> table = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("DESCRIBE runs")) {
      while (row.next()) {
        table.add(row.getString("column_name") + " " + row.getString("column_type"));
      }
    }

    List<String> listed = new ArrayList<>();
    RunColumn.ALL.forEach(column -> listed.add(column.sql() + " " + column.type()));
    listed.add("search_text VARCHAR");
    listed.add("search_words VARCHAR");
    assertEquals(listed, table);
  }
}
