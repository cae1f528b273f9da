package dev.distillery.store;

/**
 * The overview's parts for failure tags and the top failure signatures, over its runs ({@link
 * OverviewRuns}): rows of {@code (part, pos, name, source, example, n)} as {@link Overviews} reads
 * them.
 */
final class OverviewFailures {
  /**
   * Runs per tag, counted as the runs list's tag filter selects them: a run has a tag when one of
   * its annotations carries it, so a bar's number is the length of the list it links to.
   */
  static final String TAGS =
      """
      SELECT 'tag', pos, tag, NULL, NULL, [runs]::DOUBLE[]
      FROM (SELECT tag, count(DISTINCT run_id) AS runs,
              row_number() OVER (ORDER BY count(DISTINCT run_id) DESC, tag) AS pos
            FROM (SELECT run_id, unnest(tags) AS tag FROM annotations
                  WHERE len(tags) > 0 AND run_id IN (SELECT id FROM overview_runs))
            GROUP BY tag)
      WHERE pos <= 20
      """;

  /**
   * The {@code failures} view grouped as {@code failure_signatures} groups it; the top ones are
   * those most runs had, as each links to the list of those runs. With every run selected, every
   * failure counts and the selection is not read.
   */
  private static final String SIGNATURES =
      """
      SELECT 'signature', pos, signature, source, example, [occurrences, runs]::DOUBLE[]
      FROM (SELECT signature, source, count(*) AS occurrences, count(DISTINCT run_id) AS runs,
              arg_min(run_id, ts) AS example,
              row_number() OVER (ORDER BY count(DISTINCT run_id) DESC, count(*) DESC, signature)
                AS pos
            FROM failures %s
            GROUP BY 1, 2)
      WHERE pos <= 10
      """;

  private OverviewFailures() {}

  static String signatures(boolean allRuns) {
    return SIGNATURES.formatted(allRuns ? "" : "WHERE run_id IN (SELECT id FROM overview_runs)");
  }
}
