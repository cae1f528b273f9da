package dev.distillery.store;

import dev.distillery.trace.CorrectCall;
import dev.distillery.trace.ExampleQuery;
import dev.distillery.trace.ExampleRun;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The runs that may teach a new one ({@link ExampleQuery}): one query over the {@code labels} view
 * and the runs table picks a bounded pool of candidates — the same task's newest {@value
 * #SAME_TASK_POOL} and the other tasks' newest {@value #OTHER_TASKS_POOL} — and they are ranked
 * here. A run's effective label is its people's, when their latest labels agree (disputed runs
 * teach nothing), else its check's: pass is correct, fail is incorrect. Similarity is the Jaccard
 * index of the two prompts' word sets (letters and digits, longer than two).
 */
final class Examples {
  /** Each finished run's effective label, and whether people or its check gave it. */
  private static final String LABELLED =
      """
      WITH people AS (
        SELECT run_id, min(label) AS label, count(DISTINCT label) AS labels
        FROM labels GROUP BY run_id
      ), labelled AS (
        SELECT r.id, r.task_id, r.task_prompt, r.ended_at,
          CASE WHEN p.run_id IS NULL THEN CASE r.check_status WHEN 'pass' THEN 'correct'
            WHEN 'fail' THEN 'incorrect' END WHEN p.labels = 1 THEN p.label END AS label,
          CASE WHEN p.run_id IS NULL THEN 'check' ELSE 'people' END AS labelled_by
        FROM runs r LEFT JOIN people p ON p.run_id = r.id
        WHERE r.ended_at IS NOT NULL AND r.status <> 'running'
      )
      """;

  /**
   * How many of the other tasks' newest runs are compared with the query's prompt: retrieval stays
   * a bounded amount of work however large the store grows (docs/learn.md).
   */
  static final int OTHER_TASKS_POOL = 2_000;

  /** How many of the same task's newest runs are considered. */
  static final int SAME_TASK_POOL = 200;

  /**
   * The candidates: runs whose effective label may teach, that ended before the cut-off, the same
   * task's (or, ad hoc, the same prompt's) and the other tasks' apart, each the newest first.
   */
  private static final String POOL =
      LABELLED
          + """
      , pool AS (
        SELECT *,
          CASE WHEN ?::VARCHAR IS NULL THEN task_id IS NULL AND task_prompt = ?
            ELSE task_id IS NOT DISTINCT FROM ?::VARCHAR END AS same_task
        FROM labelled WHERE label IN ('correct', ?)
          AND (?::TIMESTAMP IS NULL OR ended_at < ?::TIMESTAMP)
      ), same AS (
        SELECT * FROM pool WHERE same_task AND ? ORDER BY ended_at DESC, id LIMIT ?
      ), other AS (
        SELECT * FROM pool WHERE NOT same_task AND ? ORDER BY ended_at DESC, id LIMIT ?
      )
      SELECT id, task_id, task_prompt, label, labelled_by, same_task FROM same
      UNION ALL
      SELECT id, task_id, task_prompt, label, labelled_by, same_task FROM other
      """;

  /** A word of a prompt: letters and digits, three or more. */
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

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
    parameters.add(query.scope() != ExampleQuery.Scope.OTHER_TASKS);
    parameters.add(SAME_TASK_POOL);
    parameters.add(query.scope() != ExampleQuery.Scope.SAME_TASK);
    parameters.add(OTHER_TASKS_POOL);
    Set<String> words = words(query.taskPrompt());
    List<Candidate> candidates =
        Jdbc.list(
            connection,
            POOL,
            parameters,
            row ->
                new Candidate(
                    row.getString(1),
                    row.getString(2),
                    row.getString(3),
                    row.getString(4),
                    row.getString(5),
                    row.getBoolean(6)));
    List<ExampleRun> scored = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      double score = jaccard(words, words(c.prompt()));
      if (c.sameTask() || score > 0) {
        scored.add(
            new ExampleRun(
                c.id(),
                c.taskId(),
                c.prompt(),
                c.label(),
                c.labelledBy(),
                null,
                score,
                c.sameTask()));
      }
    }
    // same task first, then the most alike; among equals the newest, as the pool came
    scored.sort(
        Comparator.comparing((ExampleRun run) -> !run.sameTask())
            .thenComparing(Comparator.comparingDouble(ExampleRun::score).reversed()));
    List<ExampleRun> chosen = scored.subList(0, Math.min(query.limit(), scored.size()));
    return withNotes(connection, chosen);
  }

  /** The chosen runs with their people's comments, joined (read for these runs only). */
  private static List<ExampleRun> withNotes(Connection connection, List<ExampleRun> runs)
      throws SQLException {
    if (runs.isEmpty()) {
      return List.of();
    }
    List<String> ids = runs.stream().map(ExampleRun::runId).toList();
    Map<String, String> notes = new HashMap<>();
    for (List<String> row :
        Jdbc.list(
            connection,
            "SELECT run_id, string_agg(comment, ' / ' ORDER BY created_at) FROM labels"
                + " WHERE comment <> '' AND run_id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ") GROUP BY run_id",
            ids,
            r -> List.of(r.getString(1), r.getString(2)))) {
      notes.put(row.get(0), row.get(1));
    }
    List<ExampleRun> out = new ArrayList<>(runs.size());
    for (ExampleRun run : runs) {
      out.add(
          new ExampleRun(
              run.runId(),
              run.taskId(),
              run.taskPrompt(),
              run.label(),
              run.labelledBy(),
              notes.get(run.runId()),
              run.score(),
              run.sameTask()));
    }
    return List.copyOf(out);
  }

  private record Candidate(
      String id, String taskId, String prompt, String label, String labelledBy, boolean sameTask) {}

  /** A prompt's distinct words, lower case: runs of letters and digits, three or more long. */
  static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    for (String word : NOT_WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (word.length() > 2) {
        words.add(word);
      }
    }
    return words;
  }

  /** The share of the two sets' words they have in common; 0 when both are empty. */
  static double jaccard(Set<String> a, Set<String> b) {
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    long common = small.stream().filter(large::contains).count();
    long union = a.size() + b.size() - common;
    return union == 0 ? 0 : (double) common / union;
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
