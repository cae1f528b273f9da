package dev.distillery.store;

import dev.distillery.trace.Overview;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of an {@link Overview}: the runs a filter selects are gathered once ({@link
 * OverviewRuns}, from the {@code runs} table and the {@code labels} view), and each figure is one
 * query over them; failures come from the {@code failures} view, grouped as {@code
 * failure_signatures} groups them. Per task the runs counted are the latest of each (suite run,
 * attempt), as {@code task_stats} counts them; with no filter the figures equal that view's.
 */
final class Overviews {
  private static final String TASKS =
      """
      SELECT task_id, count(*),
        count(*) FILTER (WHERE check_status IN ('pass', 'fail', 'error')),
        count(*) FILTER (WHERE check_status = 'pass'),
        %s, %s
      FROM (SELECT * FROM overview_runs WHERE task_id IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY task_id, attempt, coalesce(suite_run_id, '')
                                       ORDER BY started_at DESC, id DESC) = 1)
      GROUP BY task_id ORDER BY task_id
      """;

  /**
   * Runs by each source's label; what the defaults of {@code export} would take (people's agreed
   * label, else the check's); and the judge beside people, where both agree on a label.
   */
  private static final String COVERAGE =
      """
      SELECT count(*), %s, %s,
        count(*) FILTER (WHERE checked = 'unlabelled'), count(*) FILTER (WHERE checked = 'correct'),
        count(*) FILTER (WHERE checked = 'incorrect'),
        count(*) FILTER (WHERE effective = 'correct' AND NOT incomplete),
        count(*) FILTER (WHERE effective = 'incorrect' AND NOT incomplete),
        count(*) FILTER (WHERE effective = 'unlabelled'),
        count(*) FILTER (WHERE effective = 'disputed'),
        count(*) FILTER (WHERE effective IN ('correct', 'incorrect') AND incomplete),
        count(*) FILTER (WHERE people = 'correct' AND judge = 'correct'),
        count(*) FILTER (WHERE people = 'correct' AND judge = 'incorrect'),
        count(*) FILTER (WHERE people = 'incorrect' AND judge = 'correct'),
        count(*) FILTER (WHERE people = 'incorrect' AND judge = 'incorrect')
      FROM (SELECT *,
          CASE WHEN people <> 'unlabelled' THEN people WHEN check_status = 'pass' THEN 'correct'
            WHEN check_status = 'fail' THEN 'incorrect' ELSE 'unlabelled' END AS effective,
          coalesce(outcome IN ('truncated', 'empty_answer'), false) AS incomplete
        FROM overview_runs)
      """;

  private static final String PER_DAY =
      "SELECT strftime(started_at::DATE, '%Y-%m-%d'), count(*) FROM overview_runs"
          + " GROUP BY 1 ORDER BY 1";

  private static final String ROUNDS =
      """
      SELECT round, count(*) FILTER (WHERE check_status IN ('pass', 'fail', 'error')),
        count(*) FILTER (WHERE check_status = 'pass')
      FROM overview_runs WHERE round IS NOT NULL GROUP BY 1 ORDER BY 1
      """;

  private Overviews() {}

  static Overview of(Connection c, Overview.Filter filter) throws SQLException {
    OverviewRuns.select(c, filter);
    try {
      List<Overview.TaskFigures> tasks =
          Jdbc.list(
              c, TASKS.formatted(labels("people"), labels("judge")), List.of(), Overviews::task);
      long[] n =
          Jdbc.list(
                  c,
                  COVERAGE.formatted(labels("people"), labels("judge")),
                  List.of(),
                  Overviews::longs)
              .get(0);
      List<Overview.Coverage> coverage =
          List.of(
              new Overview.Coverage("people", new Overview.LabelCounts(n[1], n[2], n[3], n[4])),
              new Overview.Coverage("judge", new Overview.LabelCounts(n[5], n[6], n[7], n[8])),
              new Overview.Coverage("check", new Overview.LabelCounts(n[9], n[10], n[11], 0)));
      List<Overview.Round> rounds =
          Jdbc.list(
              c,
              ROUNDS,
              List.of(),
              row ->
                  new Overview.Round(
                      row.getInt(1),
                      row.getLong(2),
                      row.getLong(3),
                      rate(row.getLong(3), row.getLong(2))));
      return new Overview(
          filter,
          n[0],
          tasks,
          coverage,
          agreement(n[17], n[18], n[19], n[20]),
          OverviewFailures.tags(c),
          OverviewFailures.signatures(c, filter.equals(Overview.Filter.ALL)),
          Histograms.of(c),
          Jdbc.list(
              c, PER_DAY, List.of(), row -> new Overview.Count(row.getString(1), row.getLong(2))),
          rounds,
          export(n));
    } finally {
      OverviewRuns.drop(c);
    }
  }

  /** Four counts of a source's label column: unlabelled, correct, incorrect, disputed. */
  private static String labels(String column) {
    List<String> counts = new ArrayList<>();
    for (String label : List.of("unlabelled", "correct", "incorrect", "disputed")) {
      counts.add("count(*) FILTER (WHERE " + column + " = '" + label + "')");
    }
    return String.join(", ", counts);
  }

  private static Overview.TaskFigures task(ResultSet row) throws SQLException {
    long graded = row.getLong(3);
    long passes = row.getLong(4);
    return new Overview.TaskFigures(
        row.getString(1),
        row.getLong(2),
        graded,
        passes,
        rate(passes, graded),
        graded == 0 ? null : passes > 0 ? 1.0 : 0.0,
        new Overview.LabelCounts(row.getLong(5), row.getLong(6), row.getLong(7), row.getLong(8)),
        new Overview.LabelCounts(
            row.getLong(9), row.getLong(10), row.getLong(11), row.getLong(12)));
  }

  /** From the effective labels: what the defaults of {@code distillery export} would take. */
  private static List<Overview.ExportCount> export(long[] n) {
    long correct = n[12];
    long incorrect = n[13];
    List<Overview.Count> labelledOut = new ArrayList<>();
    labelledOut.add(new Overview.Count("unlabelled", n[14]));
    labelledOut.add(new Overview.Count("disputed", n[15]));
    labelledOut.add(new Overview.Count("truncated or empty answer", n[16]));
    List<Overview.Count> sftOut = new ArrayList<>(labelledOut);
    sftOut.add(1, new Overview.Count("not correct (SFT takes correct runs)", incorrect));
    return List.of(
        new Overview.ExportCount("openai, trl-sft, sharegpt", correct, sftOut),
        new Overview.ExportCount("trl-kto", correct + incorrect, labelledOut),
        new Overview.ExportCount("atif, raw", n[0], List.of()));
  }

  /**
   * The judge beside people from the 2×2 counts: raw agreement and Cohen's κ = (p_o − p_e) / (1 −
   * p_e), null when nothing was measured or p_e is 1. (Kept here, over counts, rather than shared
   * with the agreement page's κ over pairs of labels.)
   */
  private static Overview.Agreement agreement(long cc, long ci, long ic, long ii) {
    long runs = cc + ci + ic + ii;
    if (runs == 0) {
      return new Overview.Agreement(0, 0, 0, 0, 0, null, null);
    }
    double n = runs;
    double observed = (cc + ii) / n;
    double expected = ((cc + ci) / n) * ((cc + ic) / n) + ((ic + ii) / n) * ((ci + ii) / n);
    Double kappa = expected >= 1.0 ? null : round((observed - expected) / (1 - expected));
    return new Overview.Agreement(runs, cc, ci, ic, ii, round(observed), kappa);
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : round((double) part / whole);
  }

  private static double round(double value) {
    return Math.round(10000.0 * value) / 10000.0;
  }

  private static long[] longs(ResultSet row) throws SQLException {
    int columns = row.getMetaData().getColumnCount();
    long[] out = new long[columns];
    for (int i = 0; i < columns; i++) {
      out[i] = row.getLong(i + 1);
    }
    return out;
  }
}
