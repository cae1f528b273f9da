package dev.distillery.export;

import static dev.distillery.export.Exports.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
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

class OpenAiExportTest {
  @TempDir Path out;

  private final Fixture fixture = new Fixture();

  @Test
  void should_write_the_correct_run_as_exactly_the_golden_line() throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.OPENAI, out).build());

    String golden =
        new String(
                Objects.requireNonNull(getClass().getResourceAsStream("/golden/openai-run-01.json"))
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .strip();
    assertEquals(golden, Files.readAllLines(out.resolve("train.jsonl")).get(0));
  }

  @Test
  void should_take_correct_runs_only_and_count_what_it_left_out() throws Exception {
    ExportSummary summary =
        Exports.export(fixture, Exports.options(ExportFormat.OPENAI, out).build());

    List<JsonNode> rows = Exports.rows(out.resolve("train.jsonl"));
    assertEquals(3, rows.size(), "run-01, run-06 and run-08 are correct and valid");
    assertEquals(Map.of("train", 3L), summary.rows());
    assertEquals(
        Map.of("disputed", 2L, "not correct (SFT takes correct runs)", 1L, "unlabelled", 2L),
        summary.leftOut());
    assertEquals(
        Map.of("arguments of a bash call are not valid JSON", 1L, "no final assistant answer", 1L),
        summary.skipped(),
        "run-07, run-10");
    assertEquals(List.of("train.jsonl", "README.md"), summary.files());
  }

  @Test
  void should_write_parallel_calls_with_string_arguments_and_null_content() throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.OPENAI, out).build());

    JsonNode parallel = Exports.rows(out.resolve("train.jsonl")).get(1);
    JsonNode messages = parallel.path("messages");
    assertEquals(
        List.of("system", "user", "assistant", "tool", "tool", "assistant"),
        field(messages, "role"));
    JsonNode calls = messages.get(2).path("tool_calls");
    assertTrue(messages.get(2).path("content").isNull(), "content is null beside tool calls");
    assertEquals(List.of("call_1", "call_2"), field(calls, "id"));
    assertEquals("run_tests", calls.get(1).path("function").path("name").asText());
    assertEquals("{}", calls.get(1).path("function").path("arguments").textValue());
    assertEquals("call_2", messages.get(4).path("tool_call_id").asText());
    assertEquals("no tests to run", messages.get(4).path("content").asText());
    assertTrue(parallel.path("parallel_tool_calls").booleanValue());
  }

  @Test
  void should_skip_rows_that_call_a_tool_not_offered_or_with_arguments_that_are_no_object()
      throws Exception {
    FakeTraceRepository repository = new FakeTraceRepository();
    ToolCall deploy = Fixture.call("call_1", "deploy", "{\"env\": \"prod\"}");
    ToolCall list = Fixture.call("call_1", "bash", "[\"ls\"]");
    ToolCall ls = Fixture.call("call_1", "bash", "{\"command\": \"ls\"}");
    List<Run> runs =
        List.of(
            recorder(repository, "run-a", 1)
                .reply(null, deploy)
                .result(deploy, "unknown tool: deploy", true)
                .reply("Deployed.")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.PASS),
            recorder(repository, "run-b", 2)
                .reply(null, list)
                .result(list, "arguments must be an object", true)
                .reply("Listed.")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.PASS),
            recorder(repository, "run-c", 3)
                .reply(null, ls)
                .result(ls, "notes.txt", false)
                .reply("Nothing to deploy.")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL),
            recorder(repository, "run-d", 4)
                .reply("I will not deploy.")
                .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL));
    Path sft = out.resolve("sft");
    Path dpo = out.resolve("dpo");

    ExportSummary rows =
        new Exporter("test")
            .export(
                repository, runs, Exports.options(ExportFormat.OPENAI, sft).useCheck(true).build());
    ExportSummary pairs =
        new Exporter("test")
            .export(
                repository,
                runs,
                Exports.options(ExportFormat.OPENAI_DPO, dpo).useCheck(true).build());

    assertEquals(
        Map.of(
            "a call to deploy, a tool not offered", 1L,
            "arguments of a bash call are not a JSON object", 1L),
        rows.skipped());
    assertEquals(Map.of("not correct (SFT takes correct runs)", 2L), rows.leftOut());
    assertEquals(
        Map.of(
            "a call to deploy, a tool not offered", 1L,
            "arguments of a bash call are not a JSON object", 1L),
        pairs.skipped(),
        "both pairs of the task hold a bad call");
    assertEquals(0, pairs.totalRows());
  }

  private static RunRecorder recorder(FakeTraceRepository repository, String id, int attempt) {
    RunSpec spec =
        new RunSpec(
            "Deploy it",
            "tx",
            "suite-1",
            attempt,
            "gpt-4o-mini",
            "scripted",
            "agent",
            "/w",
            null,
            null,
            "{}");
    return new RunRecorder(repository, id, spec, Fixture.T0.plusSeconds(attempt))
        .system(Fixture.SYSTEM)
        .user("Deploy it");
  }

  @Test
  void should_weight_only_the_final_answer_or_every_assistant_message() throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.OPENAI, out).build());
    JsonNode finalOnly = Exports.rows(out.resolve("train.jsonl")).get(0).path("messages");
    Path all = out.resolve("all");
    Exports.export(
        fixture,
        Exports.options(ExportFormat.OPENAI, all).trainOn(ExportOptions.TrainOn.ALL).build());
    JsonNode everyTurn = Exports.rows(all.resolve("train.jsonl")).get(0).path("messages");

    assertEquals(List.of("", "", "0", "", "0", "", "1"), field(finalOnly, "weight"));
    assertEquals(List.of("", "", "1", "", "1", "", "1"), field(everyTurn, "weight"));
  }

  @Test
  void should_leave_tools_out_when_the_request_offered_none() throws Exception {
    Exports.export(fixture, Exports.options(ExportFormat.OPENAI, out).build());

    JsonNode adHoc = Exports.rows(out.resolve("train.jsonl")).get(2);
    assertEquals(
        Exports.json(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"You are a careful coding agent.\"},"
                + "{\"role\":\"user\",\"content\":\"What is 2+2?\"},"
                + "{\"role\":\"assistant\",\"content\":\"4\",\"weight\":1}],"
                + "\"parallel_tool_calls\":false}"),
        adHoc);
  }

  @Test
  void should_write_preference_rows_with_the_shared_input_and_each_turn_where_they_part()
      throws Exception {
    ExportSummary summary =
        Exports.export(
            fixture, Exports.options(ExportFormat.OPENAI_DPO, out).useCheck(true).build());

    List<JsonNode> rows = Exports.rows(out.resolve("train.jsonl"));
    assertEquals(2, summary.pairs(), "t1 by people, t2 by its check");
    assertEquals(Map.of("disputed", 2L, "no preference partner", 4L), summary.leftOut());
    JsonNode t1 = rows.get(0);
    assertEquals(List.of("system", "user"), field(t1.path("input").path("messages"), "role"));
    assertEquals(3, t1.path("input").path("tools").size());
    assertEquals(
        "write_file",
        t1.path("preferred_output")
            .get(0)
            .path("tool_calls")
            .get(0)
            .path("function")
            .path("name")
            .asText(),
        "run-01's first turn: the final answer came after calls the input does not hold");
    assertEquals("Writing the file.", t1.path("preferred_output").get(0).path("content").asText());
    assertEquals(
        Exports.json("[{\"role\":\"assistant\",\"content\":\"I cannot do that.\"}]"),
        t1.path("non_preferred_output"));
    assertEquals(
        "Say hi", rows.get(1).path("input").path("messages").get(1).path("content").asText());
    assertFalse(rows.get(1).has("weight"));
  }
}
