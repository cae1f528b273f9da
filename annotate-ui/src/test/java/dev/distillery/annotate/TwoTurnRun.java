package dev.distillery.annotate;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceSink;
import dev.distillery.trace.Usage;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A two-turn run recorded as the agent records one, machinery included: 21 steps, of which the
 * conversation is the task (#0), the first model turn (#4), its tool call (#6) and result (#9), a
 * rate-limit error (#14), the answer (#15) and the check (#17).
 */
final class TwoTurnRun {
  /** The seqs of the conversation's steps, in the order the page shows them. */
  static final List<Long> CONVERSATION = List.of(0L, 4L, 6L, 9L, 14L, 15L, 17L);

  static final int STEPS = 21;

  private TwoTurnRun() {}

  /**
   * @param text the first model turn's text
   * @param toolOutput what the tool printed
   */
  static void record(TraceSink store, String runId, int minute, String text, String toolOutput) {
    TestRuns run =
        TestRuns.start(store, runId, minute, TestRuns.spec("count the files", "gpt-a", "t1", "s1"));
    run.add(null, null, new EventPayload.StateChanged(null, "start"));
    run.add(null, null, new EventPayload.StateChanged("start", "model_call"));
    ToolCall call = new ToolCall("c1", "shell", "{\"cmd\":\"ls\"}");
    String request =
        run.add(
            null,
            null,
            new EventPayload.ModelRequest(
                0,
                List.of(Message.system("You are careful."), Message.user("count the files")),
                List.of(0, 1),
                List.of(),
                null));
    String response =
        run.add(
            request,
            700L,
            new EventPayload.ModelResponse(
                2,
                Message.assistant(text, List.of(call)),
                "tool_calls",
                new Usage(100, 20),
                700,
                0.001));
    run.add(null, null, new EventPayload.StateChanged("model_call", "tools"));
    String called =
        run.add(response, null, new EventPayload.ToolCalled("c1", "shell", call.argumentsJson()));
    run.add(
        called, null, new EventPayload.PolicyDecision("c1", "shell", "allow", null, null, null));
    run.add(
        called,
        3L,
        new EventPayload.HookRan("c1", "shell", "before_tool", "./audit.sh", 0, false, ""));
    run.add(called, 15L, new EventPayload.ToolResult("c1", "shell", toolOutput, 0, false, false));
    run.add(
        called,
        2L,
        new EventPayload.HookRan("c1", "shell", "after_tool", "./log.sh", 0, false, ""));
    run.add(null, null, new EventPayload.Checkpoint(1, 4, "/snap/1", "link"));
    run.add(null, null, new EventPayload.StateChanged("tools", "model_call"));
    run.add(
        null,
        null,
        new EventPayload.ModelRequest(
            2,
            List.of(
                Message.assistant(text, List.of(call)), Message.tool("c1", "shell", toolOutput)),
            List.of(0, 1, 2, 3),
            List.of(),
            null));
    run.add(null, null, new EventPayload.Error("rate_limited", "HTTP 429, retried", true));
    run.add(
        null,
        600L,
        new EventPayload.ModelResponse(
            4,
            Message.assistant("There are 2 files.", List.of()),
            "stop",
            new Usage(140, 8),
            600,
            0.001));
    run.add(null, null, new EventPayload.StateChanged("model_call", "check"));
    String output =
        IntStream.rangeClosed(1, 40)
            .mapToObj(i -> "test " + i + " ok")
            .collect(Collectors.joining("\n"));
    CheckResult check = new CheckResult(CheckStatus.PASS, "make test", 0, output, 20);
    run.add(null, null, new EventPayload.CheckFinished(check));
    run.add(null, null, new EventPayload.StateChanged("check", "done"));
    run.add(null, null, new EventPayload.Checkpoint(2, 6, "/snap/2", "link"));
    run.add(
        null,
        null,
        new EventPayload.RunFinished(
            RunStatus.SUCCEEDED, "answered", null, 2, new Usage(240, 28), 0.002, check));
  }
}
