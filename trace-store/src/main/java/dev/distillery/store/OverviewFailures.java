package dev.distillery.store;

import dev.distillery.trace.Overview;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The failure tags and the top failure signatures among an overview's runs ({@link OverviewRuns}).
 */
final class OverviewFailures {
  /**
   * Runs per tag, counted as the runs list's tag filter selects them: a run has a tag when one of
   * its annotations carries it, so a bar's number is the length of the list it links to.
   */
  private static final String TAGS =
      """
      SELECT tag, count(DISTINCT run_id) AS runs
      FROM (SELECT run_id, unnest(tags) AS tag FROM annotations
            WHERE len(tags) > 0 AND run_id IN (SELECT id FROM overview_runs))
      GROUP BY tag ORDER BY runs DESC, tag LIMIT 20
      """;

  /**
   * The {@code failures} view grouped as {@code failure_signatures} groups it; the top ones are
   * those most runs had, as each links to the list of those runs.
   */
  private static final String SIGNATURES =
      """
      SELECT signature, source, count(*) AS occurrences, count(DISTINCT run_id) AS runs,
        arg_min(run_id, ts)
      FROM failures %s
      GROUP BY 1, 2 ORDER BY runs DESC, occurrences DESC, signature LIMIT 10
      """;

  private OverviewFailures() {}

  static List<Overview.Count> tags(Connection c) throws SQLException {
    return Jdbc.list(
        c, TAGS, List.of(), row -> new Overview.Count(row.getString(1), row.getLong(2)));
  }

  /** With every run selected, every failure counts, and the selection is not read. */
  static List<Overview.Signature> signatures(Connection c, boolean allRuns) throws SQLException {
    String where = allRuns ? "" : "WHERE run_id IN (SELECT id FROM overview_runs)";
    return Jdbc.list(
        c,
        SIGNATURES.formatted(where),
        List.of(),
        row ->
            new Overview.Signature(
                row.getString(1),
                row.getString(2),
                row.getLong(3),
                row.getLong(4),
                row.getString(5)));
  }
}
