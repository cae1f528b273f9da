package dev.distillery.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet files read back by an independent reader: DuckDB's read_parquet. */
class ParquetExportTest {
  @TempDir Path out;

  private final Fixture fixture = new Fixture();

  private Path export(ExportFormat format, boolean useCheck) {
    Exports.export(
        fixture,
        Exports.options(format, out)
            .container(ExportOptions.Container.PARQUET)
            .useCheck(useCheck)
            .build());
    Path file = out.resolve(format.cliName()).resolve("train-00000-of-00001.parquet");
    assertTrue(Files.isRegularFile(file), file.toString());
    return file;
  }

  /** Every row of the query, each value as text (null stays null). */
  private static List<List<String>> query(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<List<String>> result = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rows.getObject(i) == null ? null : String.valueOf(rows.getObject(i)));
        }
        result.add(row);
      }
      return result;
    }
  }

  private static List<String> row(String... values) {
    return Arrays.asList(values);
  }

  @Test
  void should_write_openai_messages_as_json_objects_with_exactly_their_jsonl_keys()
      throws Exception {
    Path file = export(ExportFormat.OPENAI, false);
    String from = " FROM read_parquet('" + file + "')";

    assertEquals(List.of(row("3")), query("SELECT count(*)" + from));
    assertEquals(
        List.of(row("6", "2", "list_files", "run_tests", "{}", null, "call_2", "0", "1", "true")),
        query(
            "SELECT len(messages), json_array_length(messages[3]->'tool_calls'),"
                + " messages[3]->'tool_calls'->0->'function'->>'name',"
                + " messages[3]->'tool_calls'->1->'function'->>'name',"
                + " messages[3]->'tool_calls'->1->'function'->>'arguments',"
                + " messages[3]->>'content', messages[5]->>'tool_call_id',"
                + " messages[3]->>'weight', messages[6]->>'weight', parallel_tool_calls"
                + from
                + " WHERE parallel_tool_calls"));
    assertEquals(
        List.of(
            row(
                "write_file",
                "VARCHAR",
                "{\"path\": \"notes.txt\", \"content\": \"hello\"}",
                "3",
                "[role, content]")),
        query(
            "SELECT messages[3]->'tool_calls'->0->'function'->>'name',"
                + " json_type(messages[3]->'tool_calls'->0->'function'->'arguments'),"
                + " messages[3]->'tool_calls'->0->'function'->>'arguments',"
                + " json_array_length(tools), json_keys(messages[2])"
                + from
                + " WHERE len(messages) = 7"));
    assertEquals(
        List.of(row(null, null, null)),
        query(
            "SELECT messages[1]->'tool_calls', messages[1]->'weight', tools"
                + from
                + " WHERE len(messages) = 3"));
  }

  @Test
  void should_write_standard_three_level_lists_of_json_messages() throws Exception {
    Path file = export(ExportFormat.OPENAI, false);

    List<List<String>> schema =
        query(
            "SELECT name, repetition_type, converted_type FROM parquet_schema('"
                + file
                + "') WHERE name IN ('messages', 'list', 'element', 'tools') ORDER BY name");
    assertEquals(
        List.of(
            row("element", "REQUIRED", "JSON"),
            row("list", "REPEATED", null),
            row("messages", "REQUIRED", "LIST"),
            row("tools", "OPTIONAL", "JSON")),
        schema);
  }

  @Test
  void should_write_trl_preference_pairs_with_arguments_as_json_objects() throws Exception {
    Path file = export(ExportFormat.TRL_DPO, true);

    assertEquals(
        List.of(
            row(
                "2",
                "5",
                "1",
                "OBJECT",
                "{\"path\":\"notes.txt\",\"content\":\"hello\"}",
                "write_file",
                "I cannot do that."),
            row("2", "1", "1", null, null, null, "bye")),
        query(
            "SELECT len(prompt), len(chosen), len(rejected),"
                + " json_type(chosen[1]->'tool_calls'->0->'function'->'arguments'),"
                + " chosen[1]->'tool_calls'->0->'function'->>'arguments', chosen[2]->>'name',"
                + " rejected[1]->>'content' FROM read_parquet('"
                + file
                + "')"));
    String card = Files.readString(out.resolve("README.md"));
    assertTrue(
        card.contains(
            "- config_name: trl-dpo\n  data_files:\n  - split: train\n    path: trl-dpo/train-*\n"),
        card);
    assertTrue(card.contains("- Parquet: each message, and `tools`, is a JSON column"), card);
    assertTrue(card.contains("- tool-call `arguments`: a JSON object"), card);
  }

  @Test
  void should_write_sharegpt_kto_and_raw_columns() throws Exception {
    Path sharegpt = export(ExportFormat.SHAREGPT, false);
    assertEquals(
        List.of(row("4", "observation", "2", "You are a careful coding agent.")),
        query(
            "SELECT len(conversations), conversations[3].\"from\","
                + " json_array_length(conversations[3].value), system FROM read_parquet('"
                + sharegpt
                + "') WHERE len(conversations) = 4"));
    assertTrue(
        Files.readString(out.resolve("dataset_info.json"))
            .contains("sharegpt/train-00000-of-00001.parquet"));

    Path kto = export(ExportFormat.TRL_KTO, true);
    assertEquals(
        List.of(row("4", "2")),
        query(
            "SELECT count(*) FILTER (label), count(*) FILTER (NOT label) FROM read_parquet('"
                + kto
                + "')"));

    Path raw = export(ExportFormat.RAW, false);
    assertEquals(
        List.of(row("t3", null, "disputed", "[ann, bob]", "fail", "1", "3")),
        query(
            "SELECT task_id, label, label_source, labelers, check_status, attempt, len(messages)"
                + " FROM read_parquet('"
                + raw
                + "') WHERE run_id = 'run-05'"));
    assertEquals(
        List.of(row("14", "TIMESTAMP WITH TIME ZONE", "2026-11-01T10:00:00Z")),
        query(
            "SELECT json_array_length(events), typeof(started_at),"
                + " strftime(started_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') FROM read_parquet('"
                + raw
                + "') WHERE run_id = 'run-01'"));
  }

  @Test
  void should_write_atif_trajectories_as_json_columns() throws Exception {
    Path file = export(ExportFormat.ATIF, false);

    assertEquals(
        List.of(row("ATIF-v1.5", "run-01", "5", "write_file")),
        query(
            "SELECT schema_version, session_id, json_array_length(steps),"
                + " json_extract_string(steps, '$[2].tool_calls[0].function_name')"
                + " FROM read_parquet('"
                + file
                + "') LIMIT 1"));
  }
}
