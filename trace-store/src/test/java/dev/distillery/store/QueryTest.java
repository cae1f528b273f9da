package dev.distillery.store;

import static dev.distillery.trace.SampleRuns.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.QueryTable;
import dev.distillery.trace.SampleRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distillery sql}: the user's SQL reads the store and can do nothing else. */
class QueryTest {
  @TempDir Path dir;
  private Path file;
  private DuckDbTraceStore store;

  @BeforeEach
  void openForQueries() {
    file = dir.resolve("traces.duckdb");
    try (DuckDbTraceStore writer = DuckDbTraceStore.open(file)) {
      SampleRuns.fullRun("run-q", T0).forEach(writer::record);
    }
    store = DuckDbTraceStore.openReadOnlyForQueries(file);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void should_answer_a_select_over_events() {
    QueryTable result =
        store.query(
            "SELECT kind, count(*) AS n, max(ts) AS last FROM events WHERE run_id = 'run-q'"
                + " GROUP BY kind ORDER BY kind LIMIT 2",
            100);

    assertEquals(List.of("kind", "n", "last"), result.columns());
    assertEquals(List.of("check_result", 1L), result.rows().get(0).subList(0, 2));
    assertEquals(List.of("error", 1L), result.rows().get(1).subList(0, 2));
    assertFalse(result.truncated());
  }

  @Test
  void should_find_the_readable_fields_of_each_event_in_columns() {
    QueryTable events =
        store.query(
            "SELECT kind, name, call_id, text, exit_code FROM events WHERE run_id = 'run-q'"
                + " ORDER BY seq",
            100);

    assertEquals(
        List.of(
            Arrays.asList("run_started", null, null, "How many files are there?", null),
            Arrays.asList("state_changed", "start", null, null, null),
            Arrays.asList("state_changed", "model_call", null, null, null),
            Arrays.asList("model_request", null, null, null, null),
            Arrays.asList("model_response", "tool_calls", null, null, null),
            Arrays.asList("tool_call", "shell", "call_1", "{\"cmd\": \"ls\"", null),
            Arrays.asList("tool_result", "shell", "call_1", "a.txt\nb.txt", 0),
            Arrays.asList("model_request", null, null, null, null),
            Arrays.asList("error", "rate_limited", null, "429 too many requests", null),
            Arrays.asList("model_request", null, null, null, null),
            Arrays.asList("model_response", "stop", null, "There are two files.", null),
            Arrays.asList("check_result", "pass", null, "ok", 0),
            Arrays.asList("run_finished", "succeeded", null, "the model answered", null)),
        events.rows());
  }

  @Test
  void should_store_tool_calls_with_their_raw_arguments_and_enums_in_lower_case() {
    QueryTable calls = store.query("SELECT tool_calls FROM messages WHERE idx = 2", 10);
    QueryTable status =
        store.query("SELECT data->>'$.status' FROM events WHERE kind = 'run_finished'", 10);

    assertEquals(
        "[{\"id\":\"call_1\",\"name\":\"shell\",\"arguments\":\"{\\\"cmd\\\": \\\"ls\\\"\"}]",
        calls.rows().get(0).get(0));
    assertEquals("succeeded", status.rows().get(0).get(0));
  }

  @Test
  void should_give_plain_values_for_lists_json_and_nulls() {
    QueryTable result =
        store.query(
            "SELECT ['a', 'b'] AS l, data->'$.spec.attempt' AS j, NULL AS n FROM events"
                + " WHERE kind = 'run_started'",
            10);

    assertEquals(List.of(List.of("a", "b"), "2"), result.rows().get(0).subList(0, 2));
    assertEquals(null, result.rows().get(0).get(2));
  }

  @Test
  void should_say_when_more_rows_matched_than_were_returned() {
    QueryTable cut = store.query("SELECT * FROM range(10)", 3);
    QueryTable whole = store.query("SELECT * FROM range(10)", 10);

    assertEquals(3, cut.rows().size());
    assertTrue(cut.truncated());
    assertEquals(10, whole.rows().size());
    assertFalse(whole.truncated());
  }

  @Test
  void should_read_only_the_rows_it_returns_of_a_huge_result() {
    QueryTable result = store.query("SELECT * FROM range(10000000000)", 5);

    assertEquals(5, result.rows().size());
    assertTrue(result.truncated());
  }

  @Test
  void should_give_plain_values_for_every_type_a_query_can_return() {
    QueryTable result =
        store.query(
            "SELECT TIMESTAMP '2026-01-02 03:04:05.5' AS ts, DATE '2026-01-02' AS d,"
                + " TIME '10:11:12' AS t, TIMESTAMPTZ '2026-01-02 03:04:05+00' AS tz,"
                + " '4b3c0ab8-7e0f-4f55-9a4c-7f5e2c1d0a9b'::UUID AS u, 'a\\x00b'::BLOB AS b,"
                + " 1.50::DECIMAL(10, 2) AS dec, 12345678901234567890::HUGEINT AS huge,"
                + " INTERVAL 3 DAY AS i, {'a': 1, 'b': 'x'} AS st, MAP {'k': 1} AS m,"
                + " [TIMESTAMP '2026-01-02 03:04:05'] AS times, '{\"x\": 1}'::JSON AS j,"
                + " true AS yes, 2.5::FLOAT AS f",
            1);

    List<Object> row = result.rows().get(0);
    for (Object value : row) {
      assertTrue(
          value instanceof String
              || value instanceof Number
              || value instanceof Boolean
              || value instanceof java.time.LocalDateTime
              || value instanceof java.time.LocalDate
              || value instanceof List
              || value instanceof java.util.Map,
          value.getClass() + ": " + value);
    }
    assertEquals(
        List.of(
            "2026-01-02T03:04:05.500",
            "2026-01-02",
            "10:11:12",
            "2026-01-02T03:04:05Z",
            "4b3c0ab8-7e0f-4f55-9a4c-7f5e2c1d0a9b",
            "a\\x00b",
            "1.50",
            "12345678901234567890",
            "3 days",
            "{a=1, b=x}",
            "{k=1}",
            "[2026-01-02T03:04:05]",
            "{\"x\": 1}",
            "true",
            "2.5"),
        row.stream().map(String::valueOf).toList());
  }

  @Test
  void should_refuse_writes() {
    refused("INSERT INTO runs (id) VALUES ('x')", QueryRunner.SELECT_ONLY);
    refused("DELETE FROM events", QueryRunner.SELECT_ONLY);
    refused("CREATE TABLE t (x INTEGER)", QueryRunner.SELECT_ONLY);
    assertEquals(13, store.events("run-q").size());
  }

  @Test
  void should_refuse_to_copy_out_to_a_file() {
    Path out = dir.resolve("out.csv");

    refused("COPY events TO '" + out + "'", "Permission Error");
    refused("EXPORT DATABASE '" + dir.resolve("export") + "'", "Permission Error");

    assertTrue(Files.notExists(out));
  }

  @Test
  void should_refuse_to_read_files() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.csv"), "name,value\nkey,hunter2\n");

    refused("SELECT * FROM read_csv('" + secret + "')", "Permission Error");
    refused("SELECT * FROM read_text('" + secret + "')", "Permission Error");
    refused("SELECT * FROM '" + secret + "'", "");
    refused("SELECT * FROM glob('" + dir + "/*')", "Permission Error");
  }

  @Test
  void should_refuse_attach_install_and_load() {
    refused("ATTACH '" + dir.resolve("other.duckdb") + "' AS other", "Permission Error");
    refused("INSTALL fts", "Permission Error");
    refused("LOAD fts", "Permission Error");
    refused("LOAD '" + dir.resolve("evil.duckdb_extension") + "'", "Permission Error");
    assertTrue(Files.notExists(dir.resolve("other.duckdb")));
  }

  @Test
  void should_refuse_to_undo_the_lockdown() {
    refused("SET enable_external_access = true", "locked");
    refused("SET lock_configuration = false", "locked");
    refused("RESET enable_external_access", "locked");
  }

  @Test
  void should_report_a_mistake_in_one_line() {
    QueryException error =
        assertThrows(QueryException.class, () -> store.query("SELECT nope FROM events", 10));

    assertTrue(error.getMessage().startsWith("Binder Error"), error.getMessage());
    assertFalse(error.getMessage().contains("\n"), error.getMessage());
  }

  @Test
  void should_not_run_user_sql_on_a_store_opened_for_anything_else() throws Exception {
    store.close();
    try (DuckDbTraceStore plain = DuckDbTraceStore.openReadOnly(file)) {
      assertThrows(IllegalStateException.class, () -> plain.query("SELECT 1", 1));
    }
    store = DuckDbTraceStore.openReadOnlyForQueries(file);
  }

  private void refused(String sql, String reason) {
    QueryException error = assertThrows(QueryException.class, () -> store.query(sql, 10), sql);
    assertTrue(error.getMessage().contains(reason), sql + " -> " + error.getMessage());
  }
}
