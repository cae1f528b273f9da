package dev.distillery.trace;

import dev.distillery.trace.EventPayload.CheckFinished;
import dev.distillery.trace.EventPayload.Error;
import dev.distillery.trace.EventPayload.ModelRequest;
import dev.distillery.trace.EventPayload.ModelResponse;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.EventPayload.StateChanged;
import dev.distillery.trace.EventPayload.ToolCalled;
import dev.distillery.trace.EventPayload.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs as the agent would record them, with consecutive seq and microsecond timestamps. */
public final class SampleRuns {
  public static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");
  public static final ToolSpec SHELL =
      new ToolSpec("shell", "Runs a command", "{\"type\":\"object\",\"properties\":{}}");
  public static final Message SYSTEM = Message.system("You are careful.");
  public static final Message USER = Message.user("How many files are there?");

  /** The model's arguments are kept as written, even when they are not valid JSON. */
  public static final ToolCall LS = new ToolCall("call_1", "shell", "{\"cmd\": \"ls\"");

  public static final Message ASK_TOOL = Message.assistant(null, List.of(LS));
  public static final Message TOOL_OUTPUT = Message.tool("call_1", "shell", "a.txt\nb.txt");
  public static final Message ANSWER = Message.assistant("There are two files.", List.of());
  public static final CheckResult CHECK =
      new CheckResult(CheckStatus.PASS, "test -f a.txt", 0, "ok", 35);

  private SampleRuns() {}

  public static RunSpec spec(String prompt) {
    return new RunSpec(
        prompt,
        "count-files",
        "suite-1",
        2,
        "gpt-test",
        "openai",
        "tools",
        "/tmp/work",
        "parent-run",
        "parent-event",
        "{\"team\":\"a\"}");
  }

  /**
   * Every kind of event: started, states, request, response, tool call and result, error, retry,
   * check, finished.
   */
  public static List<TraceEvent> fullRun(String runId, Instant start) {
    Recorder run = new Recorder(runId, start);
    run.add(new RunStarted(spec("How many files are there?")));
    run.add(new StateChanged(null, "start"));
    run.add(new StateChanged("start", "model_call"));
    ModelRequest first =
        new ModelRequest(
            0, List.of(SYSTEM, USER), List.of(0, 1), List.of(SHELL), "{\"temperature\":0}");
    String request = run.add(first);
    String response =
        run.add(
            request,
            850L,
            new ModelResponse(2, ASK_TOOL, "tool_calls", new Usage(100, 20), 850, 0.0012));
    String call = run.add(response, null, new ToolCalled("call_1", "shell", LS.argumentsJson()));
    run.add(call, 12L, new ToolResult("call_1", "shell", "a.txt\nb.txt", 0, false, false));
    run.add(new ModelRequest(3, List.of(TOOL_OUTPUT), List.of(0, 1, 2, 3), List.of(SHELL), null));
    run.add(new Error("rate_limited", "429 too many requests", true));
    String retry =
        run.add(new ModelRequest(4, List.of(), List.of(0, 1, 2, 3), List.of(SHELL), "{}"));
    run.add(
        retry,
        400L,
        new ModelResponse(
            4,
            ANSWER,
            "stop",
            new Usage(150, 10),
            400,
            null,
            List.of(new Retry(1, "server_error", 503, 250, "HTTP 503: busy"))));
    run.add(new CheckFinished(CHECK));
    run.add(
        new RunFinished(
            RunStatus.SUCCEEDED,
            "answered",
            "the model answered",
            2,
            new Usage(250, 30),
            0.0012,
            CHECK));
    return run.events();
  }

  /**
   * The harness's decisions: a policy ask answered by a person, a before hook that blocks, a skill
   * run without the model, a compaction; and the worked examples it learned from.
   */
  public static List<TraceEvent> controlRun(String runId, Instant start) {
    Recorder run = new Recorder(runId, start);
    run.add(new RunStarted(spec("Clean the build folder")));
    run.add(
        new EventPayload.ExamplesRetrieved(
            List.of("run-a", "run-b"),
            List.of(0.5, 0.25),
            List.of("correct", "correct"),
            "all",
            420,
            3));
    String call =
        run.add(null, null, new ToolCalled("call_9", "bash", "{\"command\":\"rm -rf build\"}"));
    String asked =
        run.add(
            call,
            null,
            new EventPayload.PolicyDecision(
                "call_9", "bash", "ask", "bash command ~ \\brm\\s+-rf", "bundled", "rm -rf"));
    run.add(asked, 2_500L, new EventPayload.ApprovalAnswered("call_9", "bash", true, "yes", "ada"));
    run.add(
        call,
        null,
        new EventPayload.HookRan(
            "call_9", "bash", "before_tool", "./hooks/guard.sh", 2, true, "not on main"));
    run.add(
        call, 3L, new ToolResult("call_9", "bash", "error: blocked by hook", null, false, true));
    run.add(null, 40L, new EventPayload.SkillRun("test", "/test", "make test", 0, "ok\n", false));
    run.add(new EventPayload.Compaction(12_000, 3_100, 16_000, 2, 7, 11, new Usage(9_000, 400)));
    run.add(
        new RunFinished(RunStatus.SUCCEEDED, "skill_command", "ran", 0, Usage.ZERO, null, null));
    return run.events();
  }

  /** Writes a run's events one after another, a millisecond apart. */
  public static final class Recorder {
    private final String runId;
    private final Instant start;
    private final List<TraceEvent> events = new ArrayList<>();

    public Recorder(String runId, Instant start) {
      this.runId = runId;
      this.start = start;
    }

    public String add(EventPayload payload) {
      return add(null, null, payload);
    }

    public String add(String parentId, Long durationMs, EventPayload payload) {
      long seq = events.size();
      TraceEvent event =
          new TraceEvent(
              Ids.newId(),
              runId,
              parentId,
              seq,
              start.plus(Duration.ofMillis(seq)),
              durationMs,
              payload);
      events.add(event);
      return event.id();
    }

    public List<TraceEvent> events() {
      return List.copyOf(events);
    }
  }
}
