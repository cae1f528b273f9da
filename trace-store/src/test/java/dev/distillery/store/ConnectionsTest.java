package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionsTest {
  @TempDir Path dir;

  @Test
  void should_let_a_writer_grow_the_log_to_128_mb_before_a_checkpoint() throws Exception {
    try (DuckDBConnection connection = Connections.readWrite(dir.resolve("s.duckdb"));
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_setting('checkpoint_threshold')")) {
      row.next();
      // 128 MB (10^6 bytes each) as DuckDB shows it; its default shows as 16.0 MiB
      assertEquals("122.0 MiB", row.getString(1));
    }
  }
}
