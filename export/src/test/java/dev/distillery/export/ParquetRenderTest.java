package dev.distillery.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TRL dataset must train the same text from its Parquet files as from its JSONL: the Parquet is
 * read back by DuckDB, the JSONL by Jackson, and each row is rendered by the same small chat
 * template, written here the way Qwen2.5's and Llama 3.1's are: arguments through {@code tojson} (a
 * string argument comes out quoted), {@code tools} decoded when it is text (as TRL's trainers do),
 * and which keys each message has ({@code 'tool_calls' in message}).
 */
class ParquetRenderTest {
  @TempDir Path out;

  private final Fixture fixture = new Fixture();

  @Test
  void should_render_every_trl_sft_row_the_same_from_parquet_as_from_jsonl() throws Exception {
    assertSameText(ExportFormat.TRL_SFT, List.of(List.of("messages")));
  }

  @Test
  void should_render_every_trl_kto_row_the_same_from_parquet_as_from_jsonl() throws Exception {
    assertSameText(ExportFormat.TRL_KTO, List.of(List.of("prompt", "completion")));
  }

  @Test
  void should_render_every_trl_dpo_row_the_same_from_parquet_as_from_jsonl() throws Exception {
    assertSameText(
        ExportFormat.TRL_DPO, List.of(List.of("prompt", "chosen"), List.of("prompt", "rejected")));
  }

  private void assertSameText(ExportFormat format, List<List<String>> conversations)
      throws Exception {
    Path jsonl = out.resolve("jsonl");
    Path parquet = out.resolve("parquet");
    Exports.export(fixture, Exports.options(format, jsonl).useCheck(true).build());
    Exports.export(
        fixture,
        Exports.options(format, parquet)
            .useCheck(true)
            .container(ExportOptions.Container.PARQUET)
            .build());
    List<JsonNode> lines = Exports.rows(jsonl.resolve("train.jsonl"));
    List<JsonNode> rows =
        readParquet(parquet.resolve(format.cliName()).resolve("train-00000-of-00001.parquet"));

    assertFalse(lines.isEmpty());
    assertEquals(lines.size(), rows.size());
    int withCalls = 0;
    for (int i = 0; i < lines.size(); i++) {
      for (List<String> parts : conversations) {
        String fromJsonl = render(lines.get(i), parts);
        assertEquals(fromJsonl, render(rows.get(i), parts), format + " row " + i + " " + parts);
        withCalls += fromJsonl.contains("<tool_call>") ? 1 : 0;
      }
    }
    assertTrue(withCalls > 0, "some rows call tools");
  }

  /** Each row's columns as DuckDB reads them from the Parquet file, as JSON. */
  private static List<JsonNode> readParquet(Path file) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT to_json(t) FROM (SELECT * EXCLUDE (file_row_number) FROM read_parquet('"
                    + file
                    + "', file_row_number = true) ORDER BY file_row_number) AS t")) {
      while (result.next()) {
        rows.add(Exports.json(result.getString(1)));
      }
    }
    return rows;
  }

  /** A chat template's text for the row's messages (the parts joined) and its tools. */
  private static String render(JsonNode row, List<String> parts) throws Exception {
    StringBuilder text = new StringBuilder();
    JsonNode tools = row.path("tools");
    if (tools.isTextual()) {
      tools = Exports.json(tools.textValue());
    }
    for (JsonNode tool : tools) {
      text.append("<tool>").append(tojson(tool)).append("</tool>\n");
    }
    for (String part : parts) {
      JsonNode messages = row.path(part);
      for (JsonNode message : messages) {
        text.append("<|").append(message.path("role").asText()).append("|> keys=");
        Iterator<String> keys = message.fieldNames();
        keys.forEachRemaining(key -> text.append(key).append(','));
        text.append('\n').append(message.path("content").asText());
        if (message.has("tool_call_id")) {
          text.append(" [for ").append(message.get("tool_call_id").asText()).append(']');
        }
        for (JsonNode call : message.path("tool_calls")) {
          JsonNode function = call.path("function");
          text.append("\n<tool_call>{\"name\": \"").append(function.path("name").asText());
          text.append("\", \"arguments\": ").append(tojson(function.path("arguments")));
          text.append("} id=").append(call.path("id").asText()).append("</tool_call>");
        }
        text.append("<|end|>\n");
      }
    }
    return text.toString();
  }

  /** Jinja's {@code tojson}: a string is quoted, an object written as JSON. */
  private static String tojson(JsonNode value) throws Exception {
    return Exports.JSON.writeValueAsString(value);
  }
}
