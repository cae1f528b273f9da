package dev.distillery.store;

import dev.distillery.trace.CorrectCall;
import dev.distillery.trace.ExampleQuery;
import dev.distillery.trace.ExampleRun;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runs that may teach a new one ({@link ExampleQuery}), in one query over the {@code labels}
 * view and the runs table. A run's effective label is its people's, when their latest labels agree
 * (disputed runs teach nothing), else its check's: pass is correct, fail is incorrect. Similarity
 * is the Jaccard index of the two prompts' word sets (letters and digits, longer than two).
 */
final class Examples {
  /** Each finished run's effective label, and whether people or its check gave it. */
  private static final String LABELLED =
      """
      WITH people AS (
        SELECT run_id, min(label) AS label, count(DISTINCT label) AS labels,
          string_agg(comment, ' / ' ORDER BY created_at) FILTER (WHERE comment <> '') AS note
        FROM labels GROUP BY run_id
      ), labelled AS (
        SELECT r.id, r.task_id, r.task_prompt, r.ended_at,
          CASE WHEN p.run_id IS NULL THEN CASE r.check_status WHEN 'pass' THEN 'correct'
            WHEN 'fail' THEN 'incorrect' END WHEN p.labels = 1 THEN p.label END AS label,
          CASE WHEN p.run_id IS NULL THEN 'check' ELSE 'people' END AS labelled_by, p.note
        FROM runs r LEFT JOIN people p ON p.run_id = r.id
        WHERE r.ended_at IS NOT NULL AND r.status <> 'running'
      )
      """;

  private static final String SQL =
      LABELLED
          + """
      , scored AS (
        SELECT *, list_distinct(list_filter(
            regexp_split_to_array(lower(task_prompt), '[^\\p{L}\\p{N}]+'), w -> length(w) > 2))
          AS words,
          CASE WHEN ?::VARCHAR IS NULL THEN task_id IS NULL AND task_prompt = ?
            ELSE task_id IS NOT DISTINCT FROM ?::VARCHAR END AS same_task
        FROM labelled WHERE label IN ('correct', ?)
          AND (?::TIMESTAMP IS NULL OR ended_at < ?::TIMESTAMP)
      ), query AS (
        SELECT list_distinct(list_filter(
            regexp_split_to_array(lower(?), '[^\\p{L}\\p{N}]+'), w -> length(w) > 2)) AS words
      )
      SELECT s.id, s.task_id, s.task_prompt, s.label, s.labelled_by, s.note,
        CASE WHEN len(list_distinct(list_concat(s.words, q.words))) = 0 THEN 0.0
          ELSE len(list_intersect(s.words, q.words))::DOUBLE
            / len(list_distinct(list_concat(s.words, q.words))) END AS score,
        s.same_task
      FROM scored s, query q
      WHERE CASE ? WHEN 'same_task' THEN s.same_task WHEN 'other_tasks' THEN NOT s.same_task
        ELSE true END
        AND (s.same_task OR len(list_intersect(s.words, q.words)) > 0)
      ORDER BY s.same_task DESC, score DESC, s.ended_at DESC, s.id
      LIMIT ?
      """;

  /** The tool calls of runs labelled correct, newest runs first, each run's calls in order. */
  private static final String CORRECT_CALLS =
      LABELLED
          + """
      , chosen AS (
        SELECT id, task_id, task_prompt, ended_at FROM labelled WHERE label = 'correct'
        ORDER BY ended_at DESC, id LIMIT ?
      )
      SELECT c.id, c.task_id, c.task_prompt, t.seq, t.tool, t.arguments, t.is_error
      FROM chosen c JOIN tool_calls t ON t.run_id = c.id
      ORDER BY c.ended_at DESC, c.id, t.seq
      """;

  private Examples() {}

  static List<ExampleRun> find(Connection connection, ExampleQuery query) throws SQLException {
    if (query.limit() == 0) {
      return List.of();
    }
    LocalDateTime before = query.endedBefore() == null ? null : Jdbc.utc(query.endedBefore());
    List<Object> parameters = new ArrayList<>();
    parameters.add(query.taskId());
    parameters.add(query.taskPrompt());
    parameters.add(query.taskId());
    parameters.add(query.withIncorrect() ? "incorrect" : "correct");
    parameters.add(before);
    parameters.add(before);
    parameters.add(query.taskPrompt());
    parameters.add(query.scope().name().toLowerCase(Locale.ROOT));
    parameters.add(query.limit());
    return Jdbc.list(
        connection,
        SQL,
        parameters,
        row ->
            new ExampleRun(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getDouble(7),
                row.getBoolean(8)));
  }

  static List<CorrectCall> correctCalls(Connection connection, int runs) throws SQLException {
    return Jdbc.list(
        connection,
        CORRECT_CALLS,
        List.of(runs),
        row ->
            new CorrectCall(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getLong(4),
                row.getString(5),
                row.getString(6),
                row.getBoolean(7)));
  }
}
