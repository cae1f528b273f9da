package dev.distillery.store;

import dev.distillery.trace.Overview;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs an overview covers, selected once as the materialized CTE {@code overview_runs} of the
 * overview's one statement, each with the few columns the figures read and its label from each
 * source: people's and model judges' (from the {@code labels} view: the label all of a source's
 * authors agree on, {@code disputed} when they differ, {@code unlabelled} when none gave one) and
 * the check's. Every figure is then read from it in the same statement, instead of each
 * re-selecting the runs and re-reading the labels. (A temporary table was measured first: writing
 * it cost three times what the figures cost.)
 */
final class OverviewRuns {
  private static final String SELECT =
      """
      overview_runs AS MATERIALIZED (
      WITH sel AS (
        SELECT id, suite_run_id, task_id, attempt, started_at, ended_at, turns,
          prompt_tokens + completion_tokens AS tokens, cost_usd, outcome, check_status,
          TRY_CAST(metadata->>'$.round' AS INTEGER) AS round,
          (epoch_ms(ended_at) - epoch_ms(started_at)) / 1000.0 AS wall_seconds
        FROM runs WHERE %s
      ), by_source AS (
        SELECT run_id,
          count(DISTINCT label) FILTER (WHERE NOT judged) AS people_labels,
          min(label) FILTER (WHERE NOT judged) AS people_label,
          count(DISTINCT label) FILTER (WHERE judged) AS judge_labels,
          min(label) FILTER (WHERE judged) AS judge_label
        FROM (SELECT run_id, label, source = 'judge' AS judged FROM labels %s)
        GROUP BY run_id
      )
      SELECT sel.*,
        CASE WHEN coalesce(s.people_labels, 0) = 0 THEN 'unlabelled'
          WHEN s.people_labels > 1 THEN 'disputed' ELSE s.people_label END AS people,
        CASE WHEN coalesce(s.judge_labels, 0) = 0 THEN 'unlabelled'
          WHEN s.judge_labels > 1 THEN 'disputed' ELSE s.judge_label END AS judge,
        CASE sel.check_status WHEN 'pass' THEN 'correct' WHEN 'fail' THEN 'incorrect'
          WHEN 'error' THEN 'incorrect' ELSE 'unlabelled' END AS checked
      FROM sel LEFT JOIN by_source s ON s.run_id = sel.id)
      """;

  private OverviewRuns() {}

  /**
   * The CTE for the runs the filter selects: only the filters given are in the SQL, and with none
   * every run's labels are read without asking which runs are selected.
   */
  static String cte(Overview.Filter filter, List<Object> parameters) {
    List<String> conditions = new ArrayList<>();
    if (filter.suite() != null) {
      conditions.add("suite_run_id IN (SELECT suite_run_id FROM suite_runs WHERE suite = ?)");
      parameters.add(filter.suite());
    }
    if (filter.task() != null) {
      conditions.add("task_id = ?");
      parameters.add(filter.task());
    }
    if (filter.model() != null) {
      conditions.add("model = ?");
      parameters.add(filter.model());
    }
    if (filter.since() != null) {
      conditions.add("started_at >= ?::DATE");
      parameters.add(filter.since().toString());
    }
    if (filter.until() != null) {
      conditions.add("started_at < ?::DATE + 1");
      parameters.add(filter.until().toString());
    }
    return conditions.isEmpty()
        ? SELECT.formatted("true", "")
        : SELECT.formatted(
            String.join(" AND ", conditions), "WHERE run_id IN (SELECT id FROM sel)");
  }
}
