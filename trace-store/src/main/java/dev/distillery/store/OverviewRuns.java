package dev.distillery.store;

import dev.distillery.trace.LabelSource;
import dev.distillery.trace.Overview;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs an overview covers, selected once into the temporary table {@value #TABLE} of the
 * reading connection, each with the few columns the figures read and its label from each source:
 * people's and model judges' (from the {@code labels} view: the label all of a source's authors
 * agree on, {@code disputed} when they differ, {@code unlabelled} when none gave one) and the
 * check's. Every figure is then one small query over this table, instead of each re-selecting the
 * runs and re-reading the labels.
 */
final class OverviewRuns {
  static final String TABLE = "overview_runs";

  private static final String SELECT =
      """
      CREATE OR REPLACE TEMP TABLE overview_runs AS
      WITH sel AS (
        SELECT id, suite_run_id, task_id, attempt, started_at, ended_at, turns,
          prompt_tokens + completion_tokens AS tokens, cost_usd, outcome, check_status,
          TRY_CAST(metadata->>'$.round' AS INTEGER) AS round
        FROM runs WHERE %s
      ), by_source AS (
        SELECT run_id,
          count(DISTINCT label) FILTER (WHERE NOT judged) AS people_labels,
          min(label) FILTER (WHERE NOT judged) AS people_label,
          count(DISTINCT label) FILTER (WHERE judged) AS judge_labels,
          min(label) FILTER (WHERE judged) AS judge_label
        FROM (SELECT run_id, label, starts_with(author, ?) AS judged FROM labels
              WHERE run_id IN (SELECT id FROM sel))
        GROUP BY run_id
      )
      SELECT sel.*,
        CASE WHEN coalesce(s.people_labels, 0) = 0 THEN 'unlabelled'
          WHEN s.people_labels > 1 THEN 'disputed' ELSE s.people_label END AS people,
        CASE WHEN coalesce(s.judge_labels, 0) = 0 THEN 'unlabelled'
          WHEN s.judge_labels > 1 THEN 'disputed' ELSE s.judge_label END AS judge,
        CASE sel.check_status WHEN 'pass' THEN 'correct' WHEN 'fail' THEN 'incorrect'
          WHEN 'error' THEN 'incorrect' ELSE 'unlabelled' END AS checked
      FROM sel LEFT JOIN by_source s ON s.run_id = sel.id
      """;

  private OverviewRuns() {}

  /** Fills the table with the runs the filter selects; only the filters given are in the SQL. */
  static void select(Connection c, Overview.Filter filter) throws SQLException {
    List<String> conditions = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
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
    parameters.add(LabelSource.JUDGE_PREFIX);
    String where = conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
    try (PreparedStatement statement = c.prepareStatement(SELECT.formatted(where))) {
      Jdbc.bind(statement, parameters);
      statement.execute();
    }
  }

  /** The table goes with the connection; dropped at once all the same. */
  static void drop(Connection c) throws SQLException {
    try (Statement statement = c.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + TABLE);
    }
  }
}
