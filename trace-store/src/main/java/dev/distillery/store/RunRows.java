package dev.distillery.store;

import static dev.distillery.store.RunColumn.ATTEMPT;
import static dev.distillery.store.RunColumn.CHECK_COMMAND;
import static dev.distillery.store.RunColumn.CHECK_DURATION_MS;
import static dev.distillery.store.RunColumn.CHECK_EXIT_CODE;
import static dev.distillery.store.RunColumn.CHECK_OUTPUT;
import static dev.distillery.store.RunColumn.CHECK_STATUS;
import static dev.distillery.store.RunColumn.COMPLETION_TOKENS;
import static dev.distillery.store.RunColumn.COST_USD;
import static dev.distillery.store.RunColumn.ENDED_AT;
import static dev.distillery.store.RunColumn.ID;
import static dev.distillery.store.RunColumn.METADATA;
import static dev.distillery.store.RunColumn.MODE;
import static dev.distillery.store.RunColumn.MODEL;
import static dev.distillery.store.RunColumn.OUTCOME;
import static dev.distillery.store.RunColumn.PARENT_EVENT_ID;
import static dev.distillery.store.RunColumn.PARENT_RUN_ID;
import static dev.distillery.store.RunColumn.PROMPT_TOKENS;
import static dev.distillery.store.RunColumn.PROVIDER;
import static dev.distillery.store.RunColumn.REASON;
import static dev.distillery.store.RunColumn.STARTED_AT;
import static dev.distillery.store.RunColumn.STATUS;
import static dev.distillery.store.RunColumn.SUITE_RUN_ID;
import static dev.distillery.store.RunColumn.TASK_ID;
import static dev.distillery.store.RunColumn.TASK_PROMPT;
import static dev.distillery.store.RunColumn.TURNS;
import static dev.distillery.store.RunColumn.WORKING_DIR;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.Usage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** Reading the {@code runs} table: the filter's SQL and the row-to-{@link Run} mapping. */
final class RunRows {
  /** Every column but the search columns (RunSearch), which no reader needs and are long. */
  static final String SELECT = "SELECT * EXCLUDE (search_text, search_words) FROM runs";

  static final String BY_ID = SELECT + " WHERE id = ?";

  /**
   * The ids of the run's oldest ancestor and all its descendants, 50 generations, at most {@link
   * #FAMILY_IDS_MAX} + 1 (more means: read the family in one query, {@link #FAMILY}).
   */
  static final String FAMILY_IDS =
      "WITH RECURSIVE up(id, parent, depth) AS ("
          + " SELECT id, parent_run_id, 0 FROM runs WHERE id = ?"
          + " UNION ALL SELECT r.id, r.parent_run_id, up.depth + 1 FROM runs r"
          + " JOIN up ON r.id = up.parent WHERE up.depth < 50),"
          + " root AS (SELECT id FROM up ORDER BY depth DESC LIMIT 1),"
          + " down(id, depth) AS (SELECT id, 0 FROM root"
          + " UNION ALL SELECT r.id, down.depth + 1 FROM runs r"
          + " JOIN down ON r.parent_run_id = down.id WHERE down.depth < 50)"
          + " SELECT DISTINCT id FROM down LIMIT 1001";

  static final int FAMILY_IDS_MAX = 1000;

  /**
   * The family's runs, at most 200, by their ids: a list of constants lets DuckDB skip the row
   * groups that hold none of them, where {@code IN (subquery)} scanned every run (60-90 ms at
   * 100,000 runs).
   */
  static String familyByIds(int ids) {
    return SELECT
        + " WHERE id IN ("
        + String.join(", ", Collections.nCopies(ids, "?"))
        + ") ORDER BY started_at, id LIMIT 200";
  }

  /** The run's oldest ancestor and all its descendants, at most 200 runs, 50 generations. */
  static final String FAMILY =
      FAMILY_IDS.replace(" SELECT DISTINCT id FROM down LIMIT 1001", "")
          + " "
          + SELECT
          + " WHERE id IN (SELECT id FROM down)"
          + " ORDER BY started_at, id LIMIT 200";

  static final String IDS_BY_PREFIX =
      "SELECT id FROM runs WHERE id LIKE ? || '%' ESCAPE '\\' ORDER BY id";

  /**
   * The old search, kept for runs whose texts outgrew their search text: the prompt, and the texts
   * of the run's events (RE2 on the escaped words is about five times faster than ILIKE there).
   */
  private static final String LONG_RUN_TEXT =
      "(search_text IS NULL AND (task_prompt ILIKE '%' || ? || '%' ESCAPE '\\'"
          + " OR id IN (SELECT run_id FROM events"
          + " WHERE run_id IN (SELECT id FROM runs WHERE search_text IS NULL)"
          + " AND kind IN ('model_response', 'tool_result', 'check_result')"
          + " AND regexp_matches(text, regexp_escape(?), 'i'))))";

  /** What separates words in {@code word_set} (V8): ASCII controls, space and DEL. */
  private static final Pattern WORD_BREAK = Pattern.compile("[\\x00-\\x20\\x7f]+");

  private RunRows() {}

  /** A WHERE clause and its parameters. */
  record Where(String sql, List<Object> parameters) {}

  /**
   * @param longRuns whether some run's texts outgrew its search text ({@link RunSearch#LIMIT}):
   *     then a text search also looks through those runs' events
   */
  static Where where(RunFilter filter, boolean longRuns) {
    List<String> conditions = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    add(conditions, parameters, "status", filter.status() == null ? null : filter.status().wire());
    add(conditions, parameters, "model", filter.model());
    add(conditions, parameters, "task_id", filter.taskId());
    add(conditions, parameters, "suite_run_id", filter.suiteRunId());
    if (filter.check() != null) {
      conditions.add("coalesce(check_status, 'no_check') = ?");
      parameters.add(filter.check().wire());
    }
    if (filter.text() != null) {
      text(filter.text(), longRuns, conditions, parameters);
    }
    if (filter.tag() != null) {
      conditions.add("id IN (SELECT run_id FROM annotations WHERE list_contains(tags, ?))");
      parameters.add(filter.tag());
    }
    if (filter.signature() != null) {
      conditions.add("id IN (SELECT run_id FROM failures WHERE signature = ?)");
      parameters.add(filter.signature());
    }
    if (filter.label() != null) {
      conditions.add(labelCondition(filter.label()));
    }
    String sql = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    return new Where(sql, parameters);
  }

  /**
   * Each word of the text in the run's words, then, only when the text holds a space or a control
   * character, the whole text in the run's search text. Folded alike on both sides (search_fold),
   * so it finds what ILIKE on the prompt and RE2's case-insensitive match on the outputs found.
   */
  private static void text(
      String text, boolean longRuns, List<String> conditions, List<Object> parameters) {
    List<String> checks = new ArrayList<>();
    for (String word : WORD_BREAK.split(text)) {
      if (!word.isEmpty()) {
        checks.add("contains(search_words, search_fold(?))");
        parameters.add(word);
      }
    }
    if (WORD_BREAK.matcher(text).find()) {
      // several words: all of them in the run's words is not enough, they must be in this order
      checks.add("contains(search_text, search_fold(?))");
      parameters.add(text);
    }
    String indexed = "(" + String.join(" AND ", checks) + ")";
    if (longRuns) {
      conditions.add("(" + indexed + " OR " + LONG_RUN_TEXT + ")");
      parameters.add(escapeLike(text));
      parameters.add(text);
    } else {
      conditions.add(indexed);
    }
  }

  // a withdrawn label leaves its author without one: only the labels view knows who still has one
  private static final String PEOPLE = "FROM labels WHERE source = 'human'";
  private static final String ANY_LABEL = "SELECT run_id " + PEOPLE;

  /**
   * Over the {@code labels} view: each person's latest run label (a model judge's verdict is not a
   * person's label: it neither labels a run for these filters nor disputes one). No user value goes
   * in here.
   */
  private static String labelCondition(RunFilter.Label label) {
    return switch (label) {
      case LABELLED -> "id IN (" + ANY_LABEL + ")";
      case UNLABELLED -> "id NOT IN (" + ANY_LABEL + ")";
      case CORRECT ->
          "id IN (SELECT run_id " + PEOPLE + " GROUP BY run_id HAVING bool_and(label = 'correct'))";
      case INCORRECT ->
          "id IN (SELECT run_id "
              + PEOPLE
              + " GROUP BY run_id HAVING bool_and(label = 'incorrect'))";
      case DISPUTED ->
          "id IN (SELECT run_id " + PEOPLE + " GROUP BY run_id HAVING count(DISTINCT label) > 1)";
      case JUDGED -> "id IN (SELECT run_id FROM labels WHERE source = 'judge')";
    };
  }

  private static void add(
      List<String> conditions, List<Object> parameters, String column, Object value) {
    if (value != null) {
      conditions.add(column + " = ?");
      parameters.add(value);
    }
  }

  static String page(Where where, RunFilter.Sort sort) {
    return SELECT + where.sql() + " ORDER BY " + orderBy(sort) + " LIMIT ? OFFSET ?";
  }

  /** Fixed SQL per order; ties broken by newest, then id, so pages never overlap. */
  private static String orderBy(RunFilter.Sort sort) {
    String newest = "started_at DESC, id DESC";
    return switch (sort) {
      case NEWEST -> newest;
      case OLDEST -> "started_at, id";
      case LONGEST -> "ended_at - started_at DESC NULLS LAST, " + newest;
      case MOST_TOKENS -> "prompt_tokens + completion_tokens DESC, " + newest;
      case MOST_TURNS -> "turns DESC, " + newest;
      case COSTLIEST -> "cost_usd DESC NULLS LAST, " + newest;
    };
  }

  static String count(Where where) {
    return "SELECT count(*) FROM runs" + where.sql();
  }

  /**
   * A prefix for {@code LIKE ... ESCAPE '\'}: its own {@code %}, {@code _} and {@code \} taken
   * literally.
   */
  static String escapeLike(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** Reads a row of the runs table, its columns found by name once in {@code c}. */
  static Run map(ResultSet row, Columns c) throws SQLException {
    RunSpec spec =
        new RunSpec(
            c.text(row, TASK_PROMPT.sql()),
            c.text(row, TASK_ID.sql()),
            c.text(row, SUITE_RUN_ID.sql()),
            row.getInt(c.of(ATTEMPT.sql())),
            c.text(row, MODEL.sql()),
            c.text(row, PROVIDER.sql()),
            c.text(row, MODE.sql()),
            c.text(row, WORKING_DIR.sql()),
            c.text(row, PARENT_RUN_ID.sql()),
            c.text(row, PARENT_EVENT_ID.sql()),
            c.text(row, METADATA.sql()));
    return new Run(
        c.text(row, ID.sql()),
        spec,
        WireBytes.RUN_STATUS.read(row, c, c.of(STATUS.sql())),
        c.text(row, OUTCOME.sql()),
        c.text(row, REASON.sql()),
        c.instant(row, STARTED_AT.sql()),
        c.instant(row, ENDED_AT.sql()),
        row.getInt(c.of(TURNS.sql())),
        new Usage(
            row.getLong(c.of(PROMPT_TOKENS.sql())), row.getLong(c.of(COMPLETION_TOKENS.sql()))),
        Jdbc.nullableDouble(row, c.of(COST_USD.sql())),
        check(row, c));
  }

  private static CheckResult check(ResultSet row, Columns c) throws SQLException {
    CheckStatus status = WireBytes.CHECK_STATUS.read(row, c, c.of(CHECK_STATUS.sql()));
    if (status == null) {
      return null;
    }
    return new CheckResult(
        status,
        c.text(row, CHECK_COMMAND.sql()),
        Jdbc.nullableInt(row, c.of(CHECK_EXIT_CODE.sql())),
        c.text(row, CHECK_OUTPUT.sql()),
        row.getLong(c.of(CHECK_DURATION_MS.sql())));
  }
}
