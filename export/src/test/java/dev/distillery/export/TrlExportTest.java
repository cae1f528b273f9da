package dev.distillery.export;

import static dev.distillery.export.Exports.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrlExportTest {
  @TempDir Path out;

  private final Fixture fixture = new Fixture();

  @Test
  void should_write_conversational_sft_rows_with_dict_arguments_and_named_tool_results()
      throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.TRL_SFT, out).build());

    JsonNode row = Exports.rows(out.resolve("train.jsonl")).get(0);
    JsonNode messages = row.path("messages");
    assertEquals(
        Exports.json(
            "{\"role\":\"assistant\",\"content\":\"Writing the file.\",\"tool_calls\":[{\"id\":"
                + "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"write_file\","
                + "\"arguments\":{\"path\":\"notes.txt\",\"content\":\"hello\"}}}]}"),
        messages.get(2));
    assertEquals(
        Exports.json(
            "{\"role\":\"tool\",\"name\":\"write_file\",\"tool_call_id\":\"call_1\","
                + "\"content\":\"wrote 5 bytes\"}"),
        messages.get(3));
    assertEquals("", messages.get(4).path("content").textValue(), "TRL content is a string");
    assertEquals(
        List.of("write_file", "bash", "list_files"), row.path("tools").findValuesAsText("name"));
    assertTrue(row.path("tools").get(0).path("function").path("parameters").isObject());
  }

  @Test
  void should_match_parallel_results_to_their_calls_by_id() throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.TRL_SFT, out).build());

    JsonNode messages = Exports.rows(out.resolve("train.jsonl")).get(1).path("messages");
    assertEquals(List.of("call_1", "call_2"), field(messages.get(2).path("tool_calls"), "id"));
    assertEquals("call_1", messages.get(3).path("tool_call_id").asText());
    assertEquals("call_2", messages.get(4).path("tool_call_id").asText());
    assertEquals("no tests to run", messages.get(4).path("content").asText());
  }

  @Test
  void should_skip_rows_whose_arguments_are_not_json_and_say_why() throws Exception {
    ExportSummary summary =
        Exports.export(fixture, Exports.options(ExportFormat.TRL_SFT, out).build());

    assertEquals(3, Exports.rows(out.resolve("train.jsonl")).size());
    assertEquals(
        Map.of("arguments of a bash call are not valid JSON", 1L, "no final assistant answer", 1L),
        summary.skipped());
  }

  @Test
  void should_make_kto_rows_labelled_by_people_or_by_the_check_when_asked() throws Exception {
    ExportSummary summary =
        Exports.export(fixture, Exports.options(ExportFormat.TRL_KTO, out).useCheck(true).build());

    List<JsonNode> rows = Exports.rows(out.resolve("train.jsonl"));
    assertEquals(List.of(true, false, true, false, true, true), labels(rows));
    assertEquals(Map.of("correct", 4L, "incorrect", 2L), summary.rowsByLabel().get("train"));
    JsonNode first = rows.get(0);
    assertEquals(List.of("system", "user"), field(first.path("prompt"), "role"));
    assertEquals(
        List.of("assistant", "tool", "assistant", "tool", "assistant"),
        field(first.path("completion"), "role"));
    assertEquals("hi", rows.get(2).path("completion").get(0).path("content").asText());
  }

  @Test
  void should_pair_a_correct_and_an_incorrect_attempt_of_the_same_task_only() throws Exception {
    ExportSummary summary =
        Exports.export(fixture, Exports.options(ExportFormat.TRL_DPO, out).build());

    List<JsonNode> rows = Exports.rows(out.resolve("train.jsonl"));
    assertEquals(1, rows.size(), "without the check only t1 has both labels");
    assertEquals(1, summary.pairs());
    JsonNode pair = rows.get(0);
    assertEquals(
        Fixture.T1_PROMPT.replace(Fixture.OPENAI_KEY, "[REDACTED:openai_key]"),
        pair.path("prompt").get(1).path("content").asText());
    assertEquals(5, pair.path("chosen").size());
    assertEquals(
        Exports.json("[{\"role\":\"assistant\",\"content\":\"I cannot do that.\"}]"),
        pair.path("rejected"));
    assertFalse(pair.has("messages"));
  }

  private static List<Boolean> labels(List<JsonNode> rows) {
    return rows.stream().map(row -> row.path("label").booleanValue()).toList();
  }
}
