package dev.distillery.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A large store for timing the annotation pages: one realistic 20-event run (the store benchmark's
 * {@code SyntheticRuns}) recorded through the real writer, then copied by SQL inside DuckDB into
 * {@code runs} runs that differ in id, time, model, task, suite, status, check, tokens, turns and
 * cost; every 10th run is labelled by two annotators, every 50th tagged {@code looped}, and one run
 * in 1,000 has {@value #NEEDLE} in a tool output, for searches that find few runs. The runs' search
 * columns are then filled by V8's statement ({@link RunSearch#FILL}), as a migrated store has them.
 */
public final class GeneratedStore {
  /** A word that only one run in 1,000 has in its tool output. */
  public static final String NEEDLE = "needle-4711";

  private GeneratedStore() {}

  /** Creates {@code file} (which must not exist) holding {@code runs} runs of 20 events. */
  public static void create(Path file, long runs) {
    if (Files.exists(file)) {
      throw new StoreException("store " + file + " exists already; the generator makes a new one");
    }
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1");
    }
    String template;
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      var events = new SyntheticRuns(7).events(20);
      store.recordAll(events);
      template = events.get(0).runId();
    }
    try (Connection connection = Connections.readWrite(file);
        Statement statement = connection.createStatement()) {
      for (String sql : copies(template, runs)) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new StoreException("could not generate the store: " + e.getMessage(), e);
    }
  }

  private static List<String> copies(String template, long runs) {
    String id = "'g' || lpad(r::VARCHAR, 8, '0')";
    String from = " FROM range(" + runs + ") n(r), ";
    String quoted = "'" + template + "'";
    return List.of(
        "INSERT INTO runs ("
            + RunColumn.names()
            + ") SELECT "
            + id
            + ", CASE WHEN r % 4 = 0 THEN 'suite-' || (r // 1000) END, 'task-' || (r % 500),"
            + " 'task ' || r || ': ' || t.task_prompt, 'model-' || (r % 3), t.provider, t.mode,"
            + " 1 + r % 3, CASE WHEN r % 7 = 0 THEN 'failed' ELSE 'succeeded' END, t.outcome,"
            + " t.reason, TIMESTAMP '2026-01-01' + to_seconds(r * 30),"
            + " TIMESTAMP '2026-01-01' + to_seconds(r * 30 + 5 + r % 600), t.turns + r % 5,"
            + " t.prompt_tokens + r % 10007, t.completion_tokens + r % 777,"
            + " t.cost_usd * (1 + r % 50), NULL, NULL, t.working_dir, t.metadata,"
            + " CASE WHEN r % 3 = 0 THEN 'fail' ELSE 'pass' END, t.check_command,"
            + " CASE WHEN r % 3 = 0 THEN 1 ELSE 0 END, t.check_output, t.check_duration_ms"
            + from
            + "runs t WHERE t.id = "
            + quoted
            + " ORDER BY r",
        "INSERT INTO events (id, run_id, parent_id, seq, kind, ts, duration_ms, name, call_id,"
            + " text, exit_code, data, signature, call_hash, call_args)"
            + " SELECT 'e' || r || '-' || e.seq, "
            + id
            + ", NULL, e.seq, e.kind, e.ts + to_seconds(r * 30), e.duration_ms, e.name, e.call_id,"
            + " CASE WHEN e.kind = 'tool_result' AND r % 1000 = 7 THEN e.text || ' "
            + NEEDLE
            + "' ELSE e.text END, e.exit_code, e.data, e.signature, e.call_hash, e.call_args"
            + from
            + "events e WHERE e.run_id = "
            + quoted
            + " ORDER BY r, e.seq",
        "INSERT INTO messages (run_id, idx, role, content, tool_calls, tool_call_id, name,"
            + " event_id) SELECT "
            + id
            + ", m.idx, m.role, m.content, m.tool_calls, m.tool_call_id, m.name,"
            + " 'e' || r || '-' || e.seq"
            + from
            + "messages m JOIN events e ON e.id = m.event_id WHERE m.run_id = "
            + quoted
            + " ORDER BY r, m.idx",
        "DELETE FROM messages WHERE run_id = " + quoted,
        "DELETE FROM events WHERE run_id = " + quoted,
        "DELETE FROM runs WHERE id = " + quoted,
        "INSERT INTO annotations SELECT 'a' || r || '-' || k, "
            + id
            + ", NULL, 'annotator-' || k, CASE WHEN (r + k) % 5 = 0 THEN 'incorrect' ELSE"
            + " 'correct' END, CASE WHEN r % 50 = 0 THEN ['looped'] ELSE [] END, NULL,"
            + " TIMESTAMP '2026-06-01' + to_seconds(r) FROM range(0, "
            + runs
            + ", 10) n(r), range(2) u(k)",
        RunSearch.FILL,
        "CHECKPOINT");
  }
}
