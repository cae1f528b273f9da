package dev.distillery.store;

import dev.distillery.trace.Overview;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of an {@link Overview}, from the documented views ({@code labels}, {@code
 * suite_runs}, {@code failure_signatures}) and the runs table, over the runs a filter selects. Per
 * task the runs counted are the latest of each (suite run, attempt), as {@code task_stats} counts
 * them; with no filter the figures equal that view's.
 */
final class Overviews {
  /** The selected runs, and each one's label from people (agreed, disputed) and from its check. */
  private static final String SELECTED =
      """
      WITH sel AS (
        SELECT * FROM runs r
        WHERE (?::VARCHAR IS NULL
               OR r.suite_run_id IN (SELECT suite_run_id FROM suite_runs WHERE suite = ?))
          AND (?::VARCHAR IS NULL OR r.task_id = ?)
          AND (?::VARCHAR IS NULL OR r.model = ?)
          AND (?::DATE IS NULL OR r.started_at >= ?::DATE)
          AND (?::DATE IS NULL OR r.started_at < ?::DATE + 1)
      ), people AS (
        SELECT run_id, min(label) AS label, count(DISTINCT label) AS labels
        FROM labels WHERE run_id IN (SELECT id FROM sel) GROUP BY run_id
      ), labelled AS (
        SELECT sel.*,
          CASE WHEN p.run_id IS NULL THEN 'unlabelled' WHEN p.labels > 1 THEN 'disputed'
            ELSE p.label END AS people,
          CASE sel.check_status WHEN 'pass' THEN 'correct' WHEN 'fail' THEN 'incorrect'
            WHEN 'error' THEN 'incorrect' ELSE 'unlabelled' END AS checked,
          CASE WHEN p.run_id IS NULL THEN CASE sel.check_status WHEN 'pass' THEN 'correct'
            WHEN 'fail' THEN 'incorrect' ELSE 'unlabelled' END
            WHEN p.labels > 1 THEN 'disputed' ELSE p.label END AS effective
        FROM sel LEFT JOIN people p ON p.run_id = sel.id
      )
      """;

  private static final String TASKS =
      SELECTED
          + """
      , latest AS (
        SELECT *, row_number() OVER (PARTITION BY task_id, attempt, coalesce(suite_run_id, '')
                                     ORDER BY started_at DESC, id DESC) AS n
        FROM labelled WHERE task_id IS NOT NULL
      )
      SELECT task_id, count(*),
        count(*) FILTER (WHERE check_status IN ('pass', 'fail', 'error')),
        count(*) FILTER (WHERE check_status = 'pass'),
        count(*) FILTER (WHERE people = 'unlabelled'),
        count(*) FILTER (WHERE people = 'correct'),
        count(*) FILTER (WHERE people = 'incorrect'),
        count(*) FILTER (WHERE people = 'disputed')
      FROM latest WHERE n = 1 GROUP BY task_id ORDER BY task_id
      """;

  private static final String COVERAGE =
      SELECTED
          + """
      SELECT count(*),
        count(*) FILTER (WHERE people = 'unlabelled'), count(*) FILTER (WHERE people = 'correct'),
        count(*) FILTER (WHERE people = 'incorrect'), count(*) FILTER (WHERE people = 'disputed'),
        count(*) FILTER (WHERE checked = 'unlabelled'), count(*) FILTER (WHERE checked = 'correct'),
        count(*) FILTER (WHERE checked = 'incorrect'),
        count(*) FILTER (WHERE effective = 'correct' AND coalesce(outcome, '') NOT IN
          ('truncated', 'empty_answer')),
        count(*) FILTER (WHERE effective = 'incorrect' AND coalesce(outcome, '') NOT IN
          ('truncated', 'empty_answer')),
        count(*) FILTER (WHERE effective = 'unlabelled'),
        count(*) FILTER (WHERE effective = 'disputed'),
        count(*) FILTER (WHERE effective IN ('correct', 'incorrect')
          AND outcome IN ('truncated', 'empty_answer'))
      FROM labelled
      """;

  private static final String TAGS =
      SELECTED
          + """
      SELECT tag, count(DISTINCT run_id) AS runs
      FROM (SELECT run_id, unnest(tags) AS tag FROM labels WHERE run_id IN (SELECT id FROM sel))
      GROUP BY tag ORDER BY runs DESC, tag LIMIT 20
      """;

  private static final String SIGNATURES =
      "SELECT signature, source, occurrences, runs, example_run FROM failure_signatures"
          + " ORDER BY occurrences DESC, runs DESC, signature LIMIT 10";

  /** With a filter: the signatures stored on the selected runs' failure events, grouped. */
  private static final String SIGNATURES_OF_SELECTED =
      SELECTED
          + """
      SELECT signature,
        CASE kind WHEN 'tool_result' THEN 'tool' WHEN 'error' THEN 'error' ELSE 'check' END AS source,
        count(*) AS occurrences, count(DISTINCT run_id) AS runs, arg_min(run_id, ts)
      FROM events WHERE signature IS NOT NULL AND run_id IN (SELECT id FROM sel)
      GROUP BY 1, 2 ORDER BY occurrences DESC, runs DESC, signature LIMIT 10
      """;

  private static final String PER_RUN =
      SELECTED
          + """
      SELECT turns, prompt_tokens + completion_tokens, cost_usd,
        CASE WHEN ended_at IS NULL THEN NULL
          ELSE epoch_ms(ended_at) - epoch_ms(started_at) END / 1000.0
      FROM sel
      """;

  private static final String PER_DAY =
      SELECTED
          + "SELECT strftime(started_at::DATE, '%Y-%m-%d'), count(*) FROM sel GROUP BY 1 ORDER BY 1";

  private static final String ROUNDS =
      SELECTED
          + """
      SELECT TRY_CAST(metadata->>'$.round' AS INTEGER) AS round,
        count(*) FILTER (WHERE check_status IN ('pass', 'fail', 'error')),
        count(*) FILTER (WHERE check_status = 'pass')
      FROM sel WHERE TRY_CAST(metadata->>'$.round' AS INTEGER) IS NOT NULL
      GROUP BY 1 ORDER BY 1
      """;

  private Overviews() {}

  static Overview of(Connection c, Overview.Filter filter) throws SQLException {
    List<Object> p = parameters(filter);
    List<Overview.TaskFigures> tasks =
        Jdbc.list(
            c,
            TASKS,
            p,
            row -> {
              long graded = row.getLong(3);
              long passes = row.getLong(4);
              return new Overview.TaskFigures(
                  row.getString(1),
                  row.getLong(2),
                  graded,
                  passes,
                  graded == 0 ? null : Math.round(10000.0 * passes / graded) / 10000.0,
                  graded == 0 ? null : passes > 0 ? 1.0 : 0.0,
                  new Overview.LabelCounts(
                      row.getLong(5), row.getLong(6), row.getLong(7), row.getLong(8)));
            });
    long[] n = Jdbc.list(c, COVERAGE, p, Overviews::longs).get(0);
    List<Overview.Coverage> coverage =
        List.of(
            new Overview.Coverage("people", new Overview.LabelCounts(n[1], n[2], n[3], n[4])),
            new Overview.Coverage("check", new Overview.LabelCounts(n[5], n[6], n[7], 0)));
    List<Overview.Count> tags = counts(c, TAGS, p);
    List<Overview.Signature> signatures =
        Jdbc.list(
            c,
            filter.equals(Overview.Filter.ALL) ? SIGNATURES : SIGNATURES_OF_SELECTED,
            filter.equals(Overview.Filter.ALL) ? List.of() : p,
            row ->
                new Overview.Signature(
                    row.getString(1),
                    row.getString(2),
                    row.getLong(3),
                    row.getLong(4),
                    row.getString(5)));
    List<Overview.Histogram> distributions =
        Histograms.of(Jdbc.list(c, PER_RUN, p, Histograms::row));
    List<Overview.Round> rounds =
        Jdbc.list(
            c,
            ROUNDS,
            p,
            row -> {
              long graded = row.getLong(2);
              long passes = row.getLong(3);
              return new Overview.Round(
                  row.getInt(1),
                  graded,
                  passes,
                  graded == 0 ? null : Math.round(10000.0 * passes / graded) / 10000.0);
            });
    return new Overview(
        filter,
        n[0],
        tasks,
        coverage,
        tags,
        signatures,
        distributions,
        counts(c, PER_DAY, p),
        rounds,
        export(n));
  }

  /** From the effective labels: what the defaults of {@code distillery export} would take. */
  private static List<Overview.ExportCount> export(long[] n) {
    long correct = n[8];
    long incorrect = n[9];
    long unlabelled = n[10];
    long disputed = n[11];
    long incomplete = n[12];
    List<Overview.Count> labelledOut = new ArrayList<>();
    labelledOut.add(new Overview.Count("unlabelled", unlabelled));
    labelledOut.add(new Overview.Count("disputed", disputed));
    labelledOut.add(new Overview.Count("truncated or empty answer", incomplete));
    List<Overview.Count> sftOut = new ArrayList<>(labelledOut);
    sftOut.add(1, new Overview.Count("not correct (SFT takes correct runs)", incorrect));
    return List.of(
        new Overview.ExportCount("openai, trl-sft, sharegpt", correct, sftOut),
        new Overview.ExportCount("trl-kto", correct + incorrect, labelledOut),
        new Overview.ExportCount("atif, raw", n[0], List.of()));
  }

  private static long[] longs(java.sql.ResultSet row) throws SQLException {
    int columns = row.getMetaData().getColumnCount();
    long[] out = new long[columns];
    for (int i = 0; i < columns; i++) {
      out[i] = row.getLong(i + 1);
    }
    return out;
  }

  private static List<Overview.Count> counts(Connection c, String sql, List<Object> p)
      throws SQLException {
    return Jdbc.list(c, sql, p, row -> new Overview.Count(row.getString(1), row.getLong(2)));
  }

  private static List<Object> parameters(Overview.Filter f) {
    List<Object> p = new ArrayList<>();
    for (Object value :
        new Object[] {
          f.suite(),
          f.task(),
          f.model(),
          f.since() == null ? null : f.since().toString(),
          f.until() == null ? null : f.until().toString()
        }) {
      p.add(value);
      p.add(value);
    }
    return p;
  }
}
