package dev.distillery.store;

import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.RunQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A {@link RunQuery} as SQL over the runs table: the predicate with its {@code ?} parameters, the
 * order, and which runs' contents are read. The only place that knows how a query's typed parts map
 * onto columns.
 */
final class TraceQuery {
  /**
   * {@link RunQuery.Order#TASK_KEY} in SQL: {@code TaskKey.withPrompt}, then the start, then the
   * id. DuckDB compares the hex digests and ids as Java compares them (ASCII).
   */
  private static final String TASK_KEY =
      "CASE WHEN task_id IS NULL THEN 'prompt:' || sha256(task_prompt) ELSE 'task:' || task_id END"
          + " || '|' || sha256(task_prompt), started_at, id";

  private static final String STARTED = "started_at, id";

  /** Runs a person labelled correct or incorrect, the run itself rather than one of its steps. */
  private static final String HUMAN_LABELLED =
      "id IN (SELECT run_id FROM annotations"
          + " WHERE event_id IS NULL AND label IN ('correct', 'incorrect'))";

  private final String where;
  private final List<Object> parameters;
  private final String orderBy;
  private final String content;
  private final RunQuery.Reading reading;

  private TraceQuery(
      String where,
      List<Object> parameters,
      String orderBy,
      String content,
      RunQuery.Reading reading) {
    this.where = where;
    this.parameters = List.copyOf(parameters);
    this.orderBy = orderBy;
    this.content = content;
    this.reading = reading;
  }

  static TraceQuery of(RunQuery query) {
    List<String> terms = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    if (query.where() != null) {
      terms.add("(" + query.where() + ")");
    }
    term(terms, parameters, "suite_run_id = ?", query.suiteRunId());
    term(terms, parameters, "task_id = ?", query.taskId());
    term(terms, parameters, "model = ?", query.model());
    if (query.since() != null) {
      term(terms, parameters, "started_at >= ?", Jdbc.utc(query.since()));
    }
    String orderBy =
        switch (query.order()) {
          case TASK_KEY -> TASK_KEY;
          case STARTED -> STARTED;
        };
    return new TraceQuery(
        terms.isEmpty() ? null : String.join(" AND ", terms),
        parameters,
        orderBy,
        content(query.content()),
        query.reading());
  }

  private static void term(List<String> terms, List<Object> parameters, String sql, Object value) {
    if (value != null) {
      terms.add(sql);
      parameters.add(value);
    }
  }

  /** The runs whose contents are read, as a predicate over the runs table; null for all. */
  private static String content(RunQuery.Content content) {
    if (content == null) {
      return null;
    }
    if (content.checks().isEmpty()) {
      return HUMAN_LABELLED;
    }
    StringJoiner checks = new StringJoiner(", ", "check_status IN (", ")");
    for (CheckStatus status : CheckStatus.values()) {
      if (content.checks().contains(status)) {
        checks.add("'" + status.wire() + "'");
      }
    }
    return "(" + HUMAN_LABELLED + " OR " + checks + ")";
  }

  /** The predicate over the runs table, with {@link #parameters}; null for every run. */
  String where() {
    return where;
  }

  List<Object> parameters() {
    return parameters;
  }

  /** SQL over the runs table's columns, ties broken by id. */
  String orderBy() {
    return orderBy;
  }

  /** A predicate over the runs table (fixed text, no parameters), or null for every run. */
  String content() {
    return content;
  }

  RunQuery.Reading reading() {
    return reading;
  }

  /** How many runs the query selects. */
  String count() {
    return "SELECT count(*) FROM runs" + (where == null ? "" : " WHERE " + where);
  }
}
