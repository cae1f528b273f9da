package dev.distillery.store;

import dev.distillery.trace.RunFilter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code runs.search_text} column (V8): the run's prompt and the texts of its model responses,
 * tool results and check results, folded by the {@code search_fold} macro and joined by {@code
 * chr(31)}; NULL once that outgrows {@value #LIMIT} characters, and such a run is searched in its
 * events as before. The writer makes both columns in Java ({@link SearchText}) and writes them with
 * the run's row when the run finishes (NULL while it runs, and again once resumed: then its events
 * are searched, as for a long run).
 */
final class RunSearch {
  /** The longest search text kept, in characters; V8's migration uses the same bound. */
  static final int LIMIT = 32_768;

  /** Between the parts of a search text. */
  static final char SEPARATOR = (char) 31;

  /** The event kinds whose text is searched. */
  static final Set<String> KINDS = Set.of("model_response", "tool_result", "check_result");

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

  /**
   * The unfolded text of the listed runs, joined as {@link #FILL} joins it; NULL when it is too
   * long (folding keeps the number of characters).
   */
  private static String read(int runs) {
    String ids = String.join(", ", Collections.nCopies(runs, "?"));
    return "SELECT id, CASE WHEN length(text) <= "
        + LIMIT
        + " THEN text END FROM (SELECT r.id,"
        + " concat_ws(chr(31), coalesce(r.task_prompt, ''), e.texts) AS text FROM runs r"
        + " LEFT JOIN (SELECT run_id, string_agg(text, chr(31) ORDER BY seq) AS texts FROM events"
        + " WHERE run_id IN ("
        + ids
        + ") AND kind IN ('model_response', 'tool_result', 'check_result') AND text IS NOT NULL"
        + " GROUP BY run_id) e ON e.run_id = r.id WHERE r.id IN ("
        + ids
        + "))";
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

  /** Whether an event's text is searched. */
  static boolean searched(EventRow row) {
    return row.text() != null && KINDS.contains(row.kind());
  }

  /**
   * The search columns of runs whose texts the writer does not hold ({@link RunTexts}), made from
   * their events: one query per {@value #CHUNK} runs, folded here. A run that is not in the table
   * is not in the answer.
   */
  static Map<String, SearchText> read(Connection connection, Collection<String> runIds)
      throws SQLException {
    List<String> all = new ArrayList<>(runIds);
    Map<String, SearchText> columns = new HashMap<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      List<String> parameters = new ArrayList<>(chunk);
      parameters.addAll(chunk);
      List<String[]> rows =
          Jdbc.list(
              connection,
              read(chunk.size()),
              parameters,
              row -> new String[] {row.getString(1), row.getString(2)});
      for (String[] run : rows) {
        columns.put(run[0], run[1] == null ? SearchText.NONE : SearchText.of(run[1]));
      }
    }
    return columns;
  }
}
