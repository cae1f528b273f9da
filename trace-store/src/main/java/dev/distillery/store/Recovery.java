package dev.distillery.store;

import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.Ids;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * A run still {@code running} when a writer opens the file belongs to a process that died: only one
 * process writes a file, and it finishes its runs before it closes. Each such run gets the {@code
 * run_finished} event its process never wrote. A reader that opens the file itself knows the same
 * (DuckDB lets nobody read a file that a process writes) but may not write: it shows such runs as
 * interrupted instead, through a view that stands in for the runs table on its connections.
 */
final class Recovery {
  static final String OUTCOME = "interrupted";
  static final String REASON =
      "the process recording this run stopped before it finished; marked interrupted when the"
          + " store was next opened";

  private static final String UNFINISHED =
      "SELECT r.id AS run_id,"
          + " coalesce(max(e.seq), -1) AS last_seq,"
          + " count(*) FILTER (WHERE e.kind = 'model_response') AS turns,"
          + " coalesce(sum(TRY_CAST(e.data->>'$.usage.promptTokens' AS BIGINT))"
          + "   FILTER (WHERE e.kind = 'model_response'), 0) AS prompt_tokens,"
          + " coalesce(sum(TRY_CAST(e.data->>'$.usage.completionTokens' AS BIGINT))"
          + "   FILTER (WHERE e.kind = 'model_response'), 0) AS completion_tokens,"
          + " sum(TRY_CAST(e.data->>'$.costUsd' AS DOUBLE))"
          + "   FILTER (WHERE e.kind = 'model_response') AS cost_usd"
          + " FROM runs r LEFT JOIN events e ON e.run_id = r.id"
          + " WHERE r.status = 'running' GROUP BY r.id ORDER BY r.id";

  /** Why a reader shows a run as interrupted that the file still says is running. */
  static final String READER_REASON =
      "the process recording this run stopped before it finished; no process holds the store";

  private Recovery() {}

  /** Whether the file has runs that say they are running; on a read-only open, all are stale. */
  static boolean anyRunning(Connection connection) throws SQLException {
    return !Jdbc.list(
            connection,
            "SELECT 1 FROM runs WHERE status = 'running' LIMIT 1",
            List.of(),
            row -> row.getInt(1))
        .isEmpty();
  }

  /**
   * Makes {@code runs} on this connection a view of the runs table in which every running run is
   * interrupted; the store's views, which read {@code runs}, see the same. Temporary objects are
   * the connection's own, so every connection of a reader that needs it gets it.
   */
  static void showInterrupted(Connection connection) throws SQLException {
    String table;
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_database()")) {
      row.next();
      table = '"' + row.getString(1).replace("\"", "\"\"") + "\".main.runs";
    }
    String running = "status = 'running'";
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE OR REPLACE TEMP VIEW runs AS SELECT * REPLACE ("
              + ("CASE WHEN " + running + " THEN 'interrupted' ELSE status END AS status, ")
              + ("CASE WHEN " + running + " THEN '" + OUTCOME + "' ELSE outcome END AS outcome, ")
              + ("CASE WHEN " + running + " THEN '" + READER_REASON + "' ELSE reason END AS reason")
              + ") FROM "
              + table);
    }
  }

  /** Finishes every run left running; returns how many there were. */
  static int finishAbandonedRuns(Connection connection, StoreWriter writer, Clock clock)
      throws SQLException {
    List<TraceEvent> finishes =
        Jdbc.list(
            connection,
            UNFINISHED,
            List.of(),
            row ->
                new TraceEvent(
                    Ids.newId(),
                    row.getString("run_id"),
                    null,
                    row.getLong("last_seq") + 1,
                    clock.instant(),
                    null,
                    new RunFinished(
                        RunStatus.INTERRUPTED,
                        OUTCOME,
                        REASON,
                        row.getInt("turns"),
                        new Usage(row.getLong("prompt_tokens"), row.getLong("completion_tokens")),
                        Jdbc.nullableDouble(row, row.findColumn("cost_usd")),
                        null)));
    for (TraceEvent finish : finishes) {
      writer.write(finish);
    }
    return finishes.size();
  }
}
