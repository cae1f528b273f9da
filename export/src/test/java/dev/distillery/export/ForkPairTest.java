package dev.distillery.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkPairTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String PROMPT = "Make the tests pass.";
  private static final ToolCall LOOK = new ToolCall("c1", "bash", "{\"command\":\"make test\"}");

  @TempDir Path out;
  private final FakeTraceRepository repository = new FakeTraceRepository();

  private RunRecorder run(String id, int attempt, String parentRunId, String parentEventId) {
    RunSpec spec =
        new RunSpec(
            PROMPT,
            "t1",
            "suite-1",
            attempt,
            "m",
            "scripted",
            "agent",
            "/w",
            parentRunId,
            parentEventId,
            "{}");
    return new RunRecorder(repository, id, spec, T0.plusSeconds(60L * attempt))
        .system("You are careful.")
        .user(PROMPT);
  }

  /** Both forks took over the parent's first turn: the call and what it printed. */
  private RunRecorder forkOf(String id, int attempt, String parentEventId) {
    return run(id, attempt, "run-p", parentEventId)
        .reply(null, LOOK)
        .result(LOOK, "1 test failed: test_sum", false);
  }

  @Test
  void should_pair_forks_of_one_history_with_that_history_as_the_prompt() throws Exception {
    Run parent =
        run("run-p", 1, null, null)
            .reply(null, LOOK)
            .result(LOOK, "1 test failed: test_sum", false)
            .reply("I give up.")
            .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL);
    Run good =
        forkOf("run-f1", 2, "ev-7")
            .reply("Fixed sum() and the test passes.")
            .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.PASS);
    Run bad =
        forkOf("run-f2", 3, "ev-7")
            .reply("Deleted the failing test.")
            .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL);

    new Exporter("test")
        .export(
            repository,
            List.of(good, bad, parent),
            Exports.options(ExportFormat.TRL_DPO, out).useCheck(true).build());

    List<JsonNode> rows = Exports.rows(out.resolve("train.jsonl"));
    assertEquals(1, rows.size(), "one correct run, so one pair: " + rows);
    JsonNode pair = rows.get(0);
    assertEquals(
        List.of("system", "user", "assistant", "tool"),
        Exports.field(pair.path("prompt"), "role"),
        "the shared history up to the fork is the prompt");
    assertEquals(
        Exports.json("[{\"role\":\"assistant\",\"content\":\"Fixed sum() and the test passes.\"}]"),
        pair.path("chosen"));
    assertEquals(1, pair.path("rejected").size());
    assertEquals("assistant", pair.path("rejected").get(0).path("role").asText());
  }

  @Test
  void should_keep_the_request_as_the_prompt_for_attempts_that_are_not_forks() throws Exception {
    Run good =
        run("run-a", 1, null, null)
            .reply(null, LOOK)
            .result(LOOK, "1 test failed: test_sum", false)
            .reply("Fixed it.")
            .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.PASS);
    Run bad =
        run("run-b", 2, null, null)
            .reply(null, LOOK)
            .result(LOOK, "1 test failed: test_sum", false)
            .reply("Deleted the test.")
            .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL);

    new Exporter("test")
        .export(
            repository,
            List.of(good, bad),
            Exports.options(ExportFormat.TRL_DPO, out).useCheck(true).build());

    JsonNode pair = Exports.rows(out.resolve("train.jsonl")).get(0);
    assertEquals(List.of("system", "user"), Exports.field(pair.path("prompt"), "role"));
    assertEquals(3, pair.path("chosen").size());
  }

  @Test
  void should_give_openai_preference_outputs_that_follow_the_same_input() throws Exception {
    Run good =
        run("run-a", 1, null, null)
            .reply(null, LOOK)
            .result(LOOK, "1 test failed: test_sum", false)
            .reply("Fixed it.")
            .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.PASS);
    Run bad =
        run("run-b", 2, null, null)
            .reply(null, new ToolCall("c9", "bash", "{\"command\":\"make test\"}"))
            .result(
                new ToolCall("c9", "bash", "{\"command\":\"make test\"}"),
                "1 test failed: test_sum",
                false)
            .reply("Deleted the test.")
            .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL);
    Run early =
        run("run-c", 3, null, null)
            .reply("Nothing to do.")
            .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.FAIL);
    Run other =
        run("run-d", 4, null, null)
            .reply(null, LOOK)
            .result(LOOK, "1 test failed: test_sum", false)
            .reply("Fixed it too.")
            .finish(RunStatus.SUCCEEDED, "answered", CheckStatus.PASS);

    new Exporter("test")
        .export(
            repository,
            List.of(good, bad, early, other),
            Exports.options(ExportFormat.OPENAI_DPO, out).useCheck(true).build());

    List<JsonNode> rows = Exports.rows(out.resolve("train.jsonl"));
    assertEquals(2, rows.size());
    JsonNode same = rows.get(0);
    assertEquals(
        List.of("system", "user", "assistant", "tool"),
        Exports.field(same.path("input").path("messages"), "role"),
        "the same call and result (ids aside) are the input both answers follow");
    assertEquals(
        Exports.json("[{\"role\":\"assistant\",\"content\":\"Fixed it.\"}]"),
        same.path("preferred_output"));
    assertEquals(
        Exports.json("[{\"role\":\"assistant\",\"content\":\"Deleted the test.\"}]"),
        same.path("non_preferred_output"));
    JsonNode first = rows.get(1);
    assertEquals(
        List.of("system", "user"), Exports.field(first.path("input").path("messages"), "role"));
    assertEquals(
        "c1",
        first.path("preferred_output").get(0).path("tool_calls").get(0).path("id").asText(),
        "the first turn where the attempts part, not the final answer after unseen calls");
    assertEquals(
        "Nothing to do.", first.path("non_preferred_output").get(0).path("content").asText());
  }
}
