package dev.distillery.store;

import dev.distillery.trace.RunFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code runs.search_text} column (V8): the run's prompt and the texts of its model responses,
 * tool results and check results, folded by the {@code search_fold} macro and joined by {@code
 * chr(31)}; NULL once that outgrows {@value #LIMIT} characters, and such a run is searched in its
 * events as before. Kept in step by the writer, one statement per run per write.
 */
final class RunSearch implements AutoCloseable {
  /** The longest search text kept, in characters; V8's migration uses the same bound. */
  static final int LIMIT = 32_768;

  /** Between the parts of a search text. */
  static final char SEPARATOR = (char) 31;

  /** The event kinds whose text is searched. */
  static final Set<String> KINDS = Set.of("model_response", "tool_result", "check_result");

  private static final String START =
      "UPDATE runs SET search_text = CASE WHEN length(search_fold(?)) <= "
          + LIMIT
          + " THEN search_fold(?) END, search_words = CASE WHEN length(search_fold(?)) <= "
          + LIMIT
          + " THEN word_set(search_fold(?)) END WHERE id = ?";
  private static final String APPEND =
      "UPDATE runs SET search_text = CASE WHEN length(search_text) + 1 + length(search_fold(?)) <= "
          + LIMIT
          + " THEN search_text || chr(31) || search_fold(?) END, search_words = CASE WHEN"
          + " length(search_text) + 1 + length(search_fold(?)) <= "
          + LIMIT
          + " THEN word_set(search_text || chr(31) || search_fold(?)) END WHERE id = ?";

  /** Fills every run's search text from its events: V8's statement, for stores made by SQL. */
  static final String FILL =
      "UPDATE runs SET search_text = s.search_text, search_words = word_set(s.search_text)"
          + " FROM (SELECT r.id,"
          + " search_fold(concat_ws(chr(31), coalesce(r.task_prompt, ''), e.texts)) AS folded,"
          + " CASE WHEN length(folded) <= "
          + LIMIT
          + " THEN folded END AS search_text FROM runs r LEFT JOIN (SELECT run_id,"
          + " string_agg(text, chr(31) ORDER BY seq) AS texts FROM events"
          + " WHERE kind IN ('model_response', 'tool_result', 'check_result') AND text IS NOT NULL"
          + " GROUP BY run_id) e ON e.run_id = r.id) s WHERE runs.id = s.id";

  private final PreparedStatement start;
  private final PreparedStatement append;

  RunSearch(Connection connection) throws SQLException {
    this.start = connection.prepareStatement(START);
    this.append = connection.prepareStatement(APPEND);
  }

  /**
   * Whether a text search must also look through events: some run outgrew its search text. Asked of
   * the short column, which is NULL together with the long one.
   */
  static boolean longRuns(Connection connection, RunFilter filter) throws SQLException {
    return filter.text() != null
        && Jdbc.list(
                connection,
                "SELECT EXISTS (SELECT 1 FROM runs WHERE search_words IS NULL)",
                List.of(),
                row -> row.getBoolean(1))
            .get(0);
  }

  /** Whether the event's row adds to its run's search text. */
  static boolean searched(EventRow row) {
    return row.text() != null && KINDS.contains(row.kind());
  }

  /** A new run's search text: its prompt. */
  void start(String runId, String prompt) throws SQLException {
    run(start, prompt == null ? "" : prompt, runId);
  }

  /** Adds one searched text to a run's search text. */
  void append(String runId, String text) throws SQLException {
    run(append, text, runId);
  }

  private static void run(PreparedStatement statement, String text, String runId)
      throws SQLException {
    for (int i = 1; i <= 4; i++) {
      statement.setString(i, text);
    }
    statement.setString(5, runId);
    statement.executeUpdate();
  }

  /** One batch's additions, for the runs that start in it and the runs that started before. */
  static final class Batch {
    private final Map<String, StringBuilder> started = new LinkedHashMap<>();
    private final Map<String, StringBuilder> earlier = new LinkedHashMap<>();

    void start(String runId, String prompt) {
      started.put(runId, new StringBuilder(prompt == null ? "" : prompt));
    }

    void add(EventRow row) {
      if (!searched(row)) {
        return;
      }
      StringBuilder text = started.get(row.runId());
      if (text != null) {
        text.append(SEPARATOR).append(row.text());
      } else {
        StringBuilder more = earlier.get(row.runId());
        if (more == null) {
          earlier.put(row.runId(), new StringBuilder(row.text()));
        } else {
          more.append(SEPARATOR).append(row.text());
        }
      }
    }

    /** One statement per {@value #CHUNK} runs: an UPDATE per run was ~30 ms on fresh rows. */
    void write(Connection connection) throws SQLException {
      List<Object[]> runs = new ArrayList<>();
      started.forEach((id, text) -> runs.add(new Object[] {id, text.toString(), true}));
      earlier.forEach((id, text) -> runs.add(new Object[] {id, text.toString(), false}));
      for (int from = 0; from < runs.size(); from += CHUNK) {
        List<Object[]> chunk = runs.subList(from, Math.min(runs.size(), from + CHUNK));
        try (PreparedStatement update = connection.prepareStatement(batchUpdate(chunk.size()))) {
          int i = 1;
          for (Object[] run : chunk) {
            update.setString(i++, (String) run[0]);
            update.setString(i++, (String) run[1]);
            update.setBoolean(i++, (Boolean) run[2]);
          }
          update.executeUpdate();
        }
      }
    }

    private static final int CHUNK = 500;

    private static String batchUpdate(int runs) {
      return "UPDATE runs SET search_text = CASE WHEN length(n.text) <= "
          + LIMIT
          + " THEN n.text END, search_words = CASE WHEN length(n.text) <= "
          + LIMIT
          + " THEN word_set(n.text) END FROM (SELECT r.id, CASE WHEN a.fresh THEN search_fold(a.t)"
          + " ELSE r.search_text || chr(31) || search_fold(a.t) END AS text FROM (VALUES "
          + String.join(", ", Collections.nCopies(runs, "(?, ?, ?)"))
          + ") a(id, t, fresh) JOIN runs r ON r.id = a.id) n WHERE runs.id = n.id";
    }
  }

  @Override
  public void close() throws SQLException {
    try (start;
        append) {
      // closes both
    }
  }
}
