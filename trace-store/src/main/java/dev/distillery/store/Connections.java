package dev.distillery.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/** Opens the DuckDB file and says in one sentence why it could not. */
final class Connections {
  private Connections() {}

  static DuckDBConnection readWrite(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreException("could not create the folder for store " + file + ": " + e, e);
    }
    DuckDBConnection connection = connect(file, new Properties());
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw translate(file, e);
    }
    return connection;
  }

  /**
   * How much write-ahead log a writer lets grow before DuckDB checkpoints it into the file at a
   * commit; DuckDB's default is 16 MB. A checkpoint rewrites the tables' newest row groups, and at
   * 16 MB a bulk write of 200,000 events checkpointed every other batch, ever more slowly: 4.6 of
   * its 6.4 s went to commits, against 1.3 s at 128 MB (the final checkpoint, at close, included).
   * Every commit is on disk either way (the log is synced); a larger log only means more to replay
   * when a store is opened after a crash.
   */
  static final String CHECKPOINT_THRESHOLD = "128MB";

  /**
   * @param streaming stream results instead of materializing them, so that a user's query that
   *     matches millions of rows costs only the rows read
   */
  static DuckDBConnection readOnly(Path file, boolean streaming) {
    if (!Files.isRegularFile(file)) {
      throw new StoreNotFoundException(file);
    }
    Properties properties = new Properties();
    properties.setProperty(DuckDBDriver.DUCKDB_READONLY_PROPERTY, "true");
    if (streaming) {
      properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    }
    return connect(file, properties);
  }

  private static DuckDBConnection connect(Path file, Properties properties) {
    try {
      return (DuckDBConnection)
          DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
    } catch (SQLException e) {
      throw translate(file, e);
    }
  }

  private static StoreException translate(Path file, SQLException e) {
    String message = e.getMessage();
    if (StoreLockedException.isLockError(message)) {
      return StoreLockedException.fromDuckDb(file, message, e);
    }
    if (StoreLockedException.isSameProcessConflict(message)) {
      return StoreLockedException.inThisProcess(file);
    }
    return StoreException.openFailed(file, e);
  }
}
