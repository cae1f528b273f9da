package dev.distillery.store;

import dev.distillery.trace.RunFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code runs.search_text} column (V8): the run's prompt and the texts of its model responses,
 * tool results and check results, folded by the {@code search_fold} macro and joined by {@code
 * chr(31)}; NULL once that outgrows {@value #LIMIT} characters, and such a run is searched in its
 * events as before. Written by the writer when the run finishes (NULL while it runs, and again once
 * resumed: then its events are searched, as for a long run).
 */
final class RunSearch {
  /** The longest search text kept, in characters; V8's migration uses the same bound. */
  static final int LIMIT = 32_768;

  /** Between the parts of a search text. */
  static final char SEPARATOR = (char) 31;

  /** The event kinds whose text is searched. */
  static final Set<String> KINDS = Set.of("model_response", "tool_result", "check_result");

  /** Fills every run's search text from its events: V8's statement, for stores made by SQL. */
  static final String FILL = fill("TRUE");

  /**
   * The statement that builds, from their events, the search text of the runs {@code runs} selects:
   * a condition on {@code {id}}, which stands for the run id of events and of runs.
   */
  private static String fill(String runs) {
    return "UPDATE runs SET search_text = s.search_text, search_words = word_set(s.search_text)"
        + " FROM (SELECT r.id,"
        + " search_fold(concat_ws(chr(31), coalesce(r.task_prompt, ''), e.texts)) AS folded,"
        + " CASE WHEN length(folded) <= "
        + LIMIT
        + " THEN folded END AS search_text FROM runs r LEFT JOIN (SELECT run_id,"
        + " string_agg(text, chr(31) ORDER BY seq) AS texts FROM events"
        + " WHERE "
        + runs.replace("{id}", "run_id")
        + " AND kind IN ('model_response', 'tool_result', 'check_result') AND text IS NOT NULL"
        + " GROUP BY run_id) e ON e.run_id = r.id WHERE "
        + runs.replace("{id}", "r.id")
        + ") s WHERE runs.id = s.id";
  }

  private static final int CHUNK = 500;

  private RunSearch() {}

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

  /**
   * Fills the search text of runs that just finished, from their events: one statement per {@value
   * #CHUNK} runs. A running run has none and is searched in its events (cheap: few runs run at
   * once), so writing a step costs nothing extra.
   */
  static void fill(Connection connection, List<String> runIds) throws SQLException {
    for (int from = 0; from < runIds.size(); from += CHUNK) {
      List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + CHUNK));
      String sql =
          fill("{id} IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")");
      try (PreparedStatement update = connection.prepareStatement(sql)) {
        List<Object> parameters = new ArrayList<>(chunk);
        parameters.addAll(chunk);
        Jdbc.bind(update, parameters);
        update.executeUpdate();
      }
    }
  }

  /**
   * Sets the search text of runs whose every event is at hand (a batch that holds them from
   * run_started to run_finished): the text as {@link #FILL} would build it from the events, folded
   * here in one statement per {@value #CHUNK} runs, without reading the events table.
   *
   * @param texts each run's prompt then its searched texts, joined by {@link #SEPARATOR}
   */
  static void set(Connection connection, Map<String, String> texts) throws SQLException {
    List<Map.Entry<String, String>> runs = new ArrayList<>(texts.entrySet());
    for (int from = 0; from < runs.size(); from += CHUNK) {
      List<Map.Entry<String, String>> chunk =
          runs.subList(from, Math.min(runs.size(), from + CHUNK));
      String sql =
          "UPDATE runs SET search_text = CASE WHEN length(n.text) <= "
              + LIMIT
              + " THEN n.text END, search_words = CASE WHEN length(n.text) <= "
              + LIMIT
              + " THEN word_set(n.text) END FROM (SELECT a.id, search_fold(a.t) AS text FROM"
              + " (VALUES "
              + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?)"))
              + ") a(id, t)) n WHERE runs.id = n.id";
      try (PreparedStatement update = connection.prepareStatement(sql)) {
        int i = 1;
        for (Map.Entry<String, String> run : chunk) {
          update.setString(i++, run.getKey());
          update.setString(i++, run.getValue());
        }
        update.executeUpdate();
      }
    }
  }

  /** A resumed run's search text is gone until it finishes again; its events are searched. */
  static void clear(Connection connection, String runId) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE runs SET search_text = NULL, search_words = NULL WHERE id = ?")) {
      update.setString(1, runId);
      update.executeUpdate();
    }
  }
}
