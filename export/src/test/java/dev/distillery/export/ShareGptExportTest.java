package dev.distillery.export;

import static dev.distillery.export.Exports.field;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShareGptExportTest {
  @TempDir Path out;

  private final Fixture fixture = new Fixture();

  @Test
  void should_write_parallel_calls_as_one_function_call_and_one_observation() throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.SHAREGPT, out).build());

    String golden =
        new String(
                Objects.requireNonNull(
                        getClass().getResourceAsStream("/golden/sharegpt-run-06.json"))
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .strip();
    assertEquals(golden, Files.readAllLines(out.resolve("train.jsonl")).get(1));
  }

  @Test
  void should_alternate_human_and_observation_with_gpt_and_function_call() throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.SHAREGPT, out).build());

    List<JsonNode> rows = Exports.rows(out.resolve("train.jsonl"));
    assertEquals(3, rows.size());
    JsonNode t1 = rows.get(0);
    assertEquals(
        List.of("human", "function_call", "observation", "function_call", "observation", "gpt"),
        field(t1.path("conversations"), "from"));
    assertEquals(
        Exports.json("{\"name\":\"bash\",\"arguments\":{\"command\":\"cat .env\"}}"),
        Exports.json(t1.path("conversations").get(3).path("value").asText()));
    assertEquals(Fixture.SYSTEM, t1.path("system").asText());
    assertEquals(3, Exports.json(t1.path("tools").asText()).size(), "tools are JSON text");
    JsonNode adHoc = rows.get(2);
    assertEquals(List.of("human", "gpt"), field(adHoc.path("conversations"), "from"));
    assertEquals("", adHoc.path("tools").asText(), "no tools: an empty string");
  }

  @Test
  void should_keep_the_text_written_beside_tool_calls_as_a_thought_before_them() throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.SHAREGPT, out).build());

    JsonNode t1 = Exports.rows(out.resolve("train.jsonl")).get(0);
    assertEquals(
        "<think>\nWriting the file.\n</think>\n\n"
            + "{\"name\":\"write_file\",\"arguments\":{\"path\":\"notes.txt\",\"content\":\"hello\"}}",
        t1.path("conversations").get(1).path("value").asText());
  }

  @Test
  void should_write_the_dataset_info_entry_llama_factory_reads() throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.SHAREGPT, out).build());

    assertEquals(
        Exports.json(
            "{\"distillery_train\":{\"file_name\":\"train.jsonl\",\"formatting\":\"sharegpt\","
                + "\"columns\":{\"messages\":\"conversations\",\"system\":\"system\","
                + "\"tools\":\"tools\"}}}"),
        Exports.JSON.readTree(out.resolve("dataset_info.json").toFile()));
  }

  @Test
  void should_refuse_a_conversation_that_cannot_alternate() {
    Fixture store = new Fixture();
    ToolCall ls = Fixture.call("call_1", "bash", "{\"command\":\"ls\"}");
    RunSpec spec = RunSpec.adHoc("Look around", "gpt-4o-mini", "scripted", "agent", "/w");
    var run =
        new RunRecorder(store.repository, "run-99", spec, Fixture.T0)
            .user("Look around")
            .reply("Let me think.")
            .reply(null, ls)
            .result(ls, "README.md", false)
            .reply("A readme.")
            .finish(RunStatus.SUCCEEDED, "answered", null);
    store.repository.annotate(
        new dev.distillery.trace.Annotation(
            "a", "run-99", null, "ann", "correct", List.of(), null, Fixture.T0));

    ExportSummary summary =
        new Exporter("test")
            .export(
                store.repository,
                List.of(run),
                Exports.options(ExportFormat.SHAREGPT, out).build());

    assertEquals(Map.of("sharegpt cannot merge gpt and function_call", 1L), summary.skipped());
    assertEquals(Map.of(), summary.rows());
  }
}
