package dev.distillery.store;

import dev.distillery.trace.Agreement;
import dev.distillery.trace.Overview;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of an {@link Overview}, in one statement: the runs a filter selects are gathered once
 * ({@link OverviewRuns}, from the {@code runs} table and the {@code labels} view, a materialized
 * CTE), and each figure is one part of a UNION ALL over them, rows of {@code (part, pos, name,
 * source, example, n)}; failures come from the {@code failures} view, grouped as {@code
 * failure_signatures} groups them. Per task the runs counted are the latest of each (suite run,
 * attempt), as {@code task_stats} counts them; with no filter the figures equal that view's.
 */
final class Overviews {
  /**
   * n = [attempts, graded, passes, people's 4 label counts, judges' 4], over the latest run of each
   * (task, attempt, suite run): the one with the largest (started_at, id), as task_stats orders
   * them (arg_max over groups, cheaper here than task_stats' window).
   */
  private static final String TASKS =
      """
      SELECT 'task', row_number() OVER (ORDER BY task_id), task_id, NULL, NULL,
        [count(*), count(*) FILTER (WHERE check_status IN ('pass', 'fail', 'error')),
         count(*) FILTER (WHERE check_status = 'pass'), %s, %s]::DOUBLE[]
      FROM (SELECT task_id,
              arg_max_null(check_status, (started_at, id)) AS check_status,
              arg_max(people, (started_at, id)) AS people,
              arg_max(judge, (started_at, id)) AS judge
            FROM overview_runs WHERE task_id IS NOT NULL
            GROUP BY task_id, attempt, coalesce(suite_run_id, ''))
      GROUP BY task_id
      """;

  /**
   * Runs by each source's label; what the defaults of {@code export} would take (people's agreed
   * label, else the check's); and the judge beside people, where both agree on a label.
   */
  private static final String COVERAGE =
      """
      SELECT 'coverage', 0, NULL, NULL, NULL, [count(*), %s, %s,
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
        count(*) FILTER (WHERE people = 'incorrect' AND judge = 'incorrect')]::DOUBLE[]
      FROM (SELECT *,
          CASE WHEN people <> 'unlabelled' THEN people WHEN check_status = 'pass' THEN 'correct'
            WHEN check_status = 'fail' THEN 'incorrect' ELSE 'unlabelled' END AS effective,
          coalesce(outcome IN ('truncated', 'empty_answer'), false) AS incomplete
        FROM overview_runs)
      """;

  private static final String PER_DAY =
      """
      SELECT 'day', row_number() OVER (ORDER BY day), strftime(day, '%Y-%m-%d'), NULL, NULL,
        [count(*)]::DOUBLE[]
      FROM (SELECT started_at::DATE AS day FROM overview_runs) GROUP BY day
      """;

  /** n = [round, graded, passes]. */
  private static final String ROUNDS =
      """
      SELECT 'round', round, NULL, NULL, NULL,
        [round, count(*) FILTER (WHERE check_status IN ('pass', 'fail', 'error')),
         count(*) FILTER (WHERE check_status = 'pass')]::DOUBLE[]
      FROM overview_runs WHERE round IS NOT NULL GROUP BY round
      """;

  /** One figure's row: which part, its name (and a signature's source and example run), n. */
  private record Part(String part, String name, String source, String example, double[] n) {
    static Part of(ResultSet row) throws SQLException {
      Object[] values = (Object[]) row.getArray(6).getArray();
      double[] n = new double[values.length];
      for (int i = 0; i < n.length; i++) {
        n[i] = ((Number) values[i]).doubleValue();
      }
      return new Part(row.getString(1), row.getString(3), row.getString(4), row.getString(5), n);
    }
  }

  private Overviews() {}

  static Overview of(Connection c, Overview.Filter filter) throws SQLException {
    List<Object> parameters = new ArrayList<>();
    String sql =
        "WITH "
            + OverviewRuns.cte(filter, parameters)
            + ", "
            + Histograms.CTES
            + "SELECT * FROM ("
            + String.join(
                " UNION ALL ",
                TASKS.formatted(labels("people"), labels("judge")),
                COVERAGE.formatted(labels("people"), labels("judge")),
                PER_DAY,
                ROUNDS,
                OverviewFailures.TAGS,
                OverviewFailures.signatures(filter.equals(Overview.Filter.ALL)),
                Histograms.BUCKETS)
            + ") ORDER BY 1, 2";
    List<Overview.TaskFigures> tasks = new ArrayList<>();
    long[] n = null;
    List<Overview.Count> days = new ArrayList<>();
    List<Overview.Round> rounds = new ArrayList<>();
    List<Overview.Count> tags = new ArrayList<>();
    List<Overview.Signature> signatures = new ArrayList<>();
    Map<String, Histograms.Shape> shapes = new HashMap<>();
    for (Part p : Jdbc.list(c, sql, parameters, Part::of)) {
      switch (p.part()) {
        case "task" -> tasks.add(task(p.name(), p.n()));
        case "coverage" -> n = longs(p.n());
        case "day" -> days.add(new Overview.Count(p.name(), (long) p.n()[0]));
        case "round" -> rounds.add(round(p.n()));
        case "tag" -> tags.add(new Overview.Count(p.name(), (long) p.n()[0]));
        case "signature" ->
            signatures.add(
                new Overview.Signature(
                    p.name(), p.source(), (long) p.n()[0], (long) p.n()[1], p.example()));
        case "bucket" -> Histograms.add(shapes, p.name(), p.n());
        default -> throw new IllegalStateException("unknown part " + p.part());
      }
    }
    List<Overview.Coverage> coverage =
        List.of(
            new Overview.Coverage("people", new Overview.LabelCounts(n[1], n[2], n[3], n[4])),
            new Overview.Coverage("judge", new Overview.LabelCounts(n[5], n[6], n[7], n[8])),
            new Overview.Coverage("check", new Overview.LabelCounts(n[9], n[10], n[11], 0)));
    return new Overview(
        filter,
        n[0],
        tasks,
        coverage,
        agreement(n[17], n[18], n[19], n[20]),
        tags,
        signatures,
        Histograms.of(shapes),
        days,
        rounds,
        export(n));
  }

  /** Four counts of a source's label column: unlabelled, correct, incorrect, disputed. */
  private static String labels(String column) {
    List<String> counts = new ArrayList<>();
    for (String label : List.of("unlabelled", "correct", "incorrect", "disputed")) {
      counts.add("count(*) FILTER (WHERE " + column + " = '" + label + "')");
    }
    return String.join(", ", counts);
  }

  private static Overview.TaskFigures task(String taskId, double[] n) {
    long[] v = longs(n);
    return new Overview.TaskFigures(
        taskId,
        v[0],
        v[1],
        v[2],
        rate(v[2], v[1]),
        v[1] == 0 ? null : v[2] > 0 ? 1.0 : 0.0,
        new Overview.LabelCounts(v[3], v[4], v[5], v[6]),
        new Overview.LabelCounts(v[7], v[8], v[9], v[10]));
  }

  private static Overview.Round round(double[] n) {
    long graded = (long) n[1];
    long passes = (long) n[2];
    return new Overview.Round((int) n[0], graded, passes, rate(passes, graded));
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
   * The judge beside people from the 2×2 counts: raw agreement, and Cohen's κ as {@code distillery
   * agreement} computes it ({@link Agreement.Matrix#kappa}), null when nothing was measured or κ is
   * undefined.
   */
  private static Overview.Agreement agreement(long cc, long ci, long ic, long ii) {
    Agreement.Matrix matrix =
        new Agreement.Matrix(
            Math.toIntExact(cc), Math.toIntExact(ci), Math.toIntExact(ic), Math.toIntExact(ii));
    Double kappa = matrix.kappa();
    return new Overview.Agreement(
        matrix.total(),
        cc,
        ci,
        ic,
        ii,
        rate(matrix.agreements(), matrix.total()),
        kappa == null ? null : round(kappa));
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : round((double) part / whole);
  }

  private static double round(double value) {
    return Math.round(10000.0 * value) / 10000.0;
  }

  private static long[] longs(double[] n) {
    long[] out = new long[n.length];
    for (int i = 0; i < n.length; i++) {
      out[i] = (long) n[i];
    }
    return out;
  }
}
