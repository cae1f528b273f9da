package dev.distillery.store;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code runs} table's columns, in table order, each with its SQL type and the {@link RunRow}
 * value it holds: the one list the insert, the appender, the reader, the stream's select and the
 * generated stores follow. The search columns ({@code search_text}, {@code search_words}) come
 * after these and are written apart ({@link RunSearch}).
 */
enum RunColumn {
  ID("id", "VARCHAR", RunRow::id),
  SUITE_RUN_ID("suite_run_id", "VARCHAR", row -> row.spec().suiteRunId()),
  TASK_ID("task_id", "VARCHAR", row -> row.spec().taskId()),
  TASK_PROMPT("task_prompt", "VARCHAR", row -> row.spec().taskPrompt()),
  MODEL("model", "VARCHAR", row -> row.spec().model()),
  PROVIDER("provider", "VARCHAR", row -> row.spec().provider()),
  MODE("mode", "VARCHAR", row -> row.spec().mode()),
  ATTEMPT("attempt", "INTEGER", row -> row.spec().attempt()),
  STATUS("status", "VARCHAR", row -> row.progress().status()),
  OUTCOME("outcome", "VARCHAR", row -> row.progress().outcome()),
  REASON("reason", "VARCHAR", row -> row.progress().reason()),
  STARTED_AT("started_at", "TIMESTAMP", RunRow::startedAt),
  ENDED_AT("ended_at", "TIMESTAMP", row -> row.progress().endedAt()),
  TURNS("turns", "INTEGER", row -> row.progress().turns()),
  PROMPT_TOKENS("prompt_tokens", "BIGINT", row -> row.progress().usage().promptTokens()),
  COMPLETION_TOKENS(
      "completion_tokens", "BIGINT", row -> row.progress().usage().completionTokens()),
  COST_USD("cost_usd", "DOUBLE", row -> row.progress().costUsd()),
  PARENT_RUN_ID("parent_run_id", "VARCHAR", row -> row.spec().parentRunId()),
  PARENT_EVENT_ID("parent_event_id", "VARCHAR", row -> row.spec().parentEventId()),
  WORKING_DIR("working_dir", "VARCHAR", row -> row.spec().workingDirectory()),
  METADATA("metadata", "JSON", row -> row.spec().metadataJson()),
  CHECK_STATUS(
      "check_status", "VARCHAR", row -> row.check() == null ? null : row.check().status().wire()),
  CHECK_COMMAND(
      "check_command", "VARCHAR", row -> row.check() == null ? null : row.check().command()),
  CHECK_EXIT_CODE(
      "check_exit_code", "INTEGER", row -> row.check() == null ? null : row.check().exitCode()),
  CHECK_OUTPUT("check_output", "VARCHAR", row -> row.check() == null ? null : row.check().output()),
  CHECK_DURATION_MS(
      "check_duration_ms", "BIGINT", row -> row.check() == null ? null : row.check().durationMs());

  static final List<RunColumn> ALL = List.of(values());

  private final String sql;
  private final String type;
  private final Function<RunRow, Object> value;

  RunColumn(String sql, String type, Function<RunRow, Object> value) {
    this.sql = sql;
    this.type = type;
    this.value = value;
  }

  String sql() {
    return sql;
  }

  /** The column's SQL type, as {@code DESCRIBE runs} names it. */
  String type() {
    return type;
  }

  /** The names of the columns of these types, in order. */
  static String[] named(String... types) {
    List<String> wanted = List.of(types);
    return ALL.stream()
        .filter(c -> wanted.contains(c.type))
        .map(RunColumn::sql)
        .toArray(String[]::new);
  }

  Object of(RunRow row) {
    return value.apply(row);
  }

  /** The columns' names, in order, comma separated: {@code id, suite_run_id, ...}. */
  static String names() {
    return ALL.stream().map(RunColumn::sql).collect(Collectors.joining(", "));
  }
}
