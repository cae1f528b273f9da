package dev.distillery.runtime.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.runtime.loop.Controls;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.loop.SharedBudget;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteBudgetTest {
  @TempDir Path dir;

  private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());

  private List<SuiteRunner.AttemptOutcome> run(String replies, SharedBudget budget)
      throws Exception {
    Suite suite =
        SuiteFile.read(
            Files.writeString(
                dir.resolve("s.jsonl"),
                """
                {"id": "a", "prompt": "a"}
                {"id": "b", "prompt": "b"}
                {"id": "c", "prompt": "c"}
                """));
    SuiteRunner runner =
        new SuiteRunner(
            ScriptedModelClient.fromJson(replies),
            ToolRegistry.defaults(),
            events::add,
            new Pricing(Map.of()),
            null);
    LoopOptions loop =
        LoopOptions.builder("scripted").controls(Controls.DEFAULT.withSharedBudget(budget)).build();
    // one attempt at a time, so which attempts fit in the budget is certain
    return runner.run(
        suite,
        new SuiteRunner.Options("suite-1", 2, 1, null, dir.resolve("ws"), Set.of(), loop, "agent"));
  }

  @Test
  void should_start_no_attempt_once_the_suite_token_budget_is_spent() throws Exception {
    List<SuiteRunner.AttemptOutcome> outcomes =
        run(
            "[{\"content\": \"done\", \"usage\": {\"prompt_tokens\": 90, \"completion_tokens\": 10}}]",
            new SharedBudget(250L, null, null));

    assertEquals(3, outcomes.size(), "100 tokens each: the third reaches 250, three never start");
    outcomes.forEach(o -> assertEquals(RunStatus.SUCCEEDED, o.result().status()));
    long started =
        events.stream().filter(e -> e.payload() instanceof EventPayload.RunStarted).count();
    assertEquals(3, started, "attempts not started are not recorded");
  }

  @Test
  void should_end_a_running_attempt_budget_exceeded_when_the_suite_budget_runs_out()
      throws Exception {
    List<SuiteRunner.AttemptOutcome> outcomes =
        run(
            """
            [ {"tool_calls": [{"name": "bash", "arguments": {"command": "true"}}],
               "usage": {"prompt_tokens": 150, "completion_tokens": 50}},
              {"content": "never reached"} ]""",
            new SharedBudget(150L, null, null));

    assertEquals(1, outcomes.size());
    assertEquals(RunStatus.BUDGET_EXCEEDED, outcomes.get(0).result().status());
    assertEquals("suite_token_limit", outcomes.get(0).result().outcome());
    assertEquals(
        "the suite's attempts used 200 tokens, its budget is 150",
        outcomes.get(0).result().reason());
  }
}
