package dev.distillery.store;

import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.Ids;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * A run still {@code running} when a writer opens the file belongs to a process that died: only one
 * process writes a file, and it finishes its runs before it closes. Each such run gets the {@code
 * run_finished} event its process never wrote.
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

  private Recovery() {}

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
