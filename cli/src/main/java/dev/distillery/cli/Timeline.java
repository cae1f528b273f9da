package dev.distillery.cli;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventText;
import dev.distillery.trace.Retry;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Writes a run's timeline for a terminal: one block per event, long texts folded. */
final class Timeline {
  private final PrintWriter out;
  private final int foldLines;
  private final boolean showStates;

  /**
   * @param foldLines show at most this many lines of a long text; 0 shows everything
   */
  Timeline(PrintWriter out, int foldLines, boolean showStates) {
    this.out = out;
    this.foldLines = foldLines;
    this.showStates = showStates;
  }

  void print(Run run, List<TraceEvent> events) {
    header(run);
    for (TraceEvent event : events) {
      if (!showStates && event.payload() instanceof EventPayload.StateChanged) {
        continue;
      }
      event(event, elapsed(run, event));
    }
    out.flush();
  }

  private void header(Run run) {
    out.printf(
        "run %s  %s%s%n",
        run.id(), run.status().wire(), run.outcome() == null ? "" : " (" + run.outcome() + ")");
    if (run.spec().taskId() != null) {
      out.printf(
          "task %s  attempt %d  suite run %s%n",
          run.spec().taskId(), run.spec().attempt(), run.spec().suiteRunId());
    }
    out.printf(
        "model %s/%s  %s  %d+%d tokens  %s%n",
        run.spec().provider(),
        run.spec().model(),
        Format.count(run.turns(), "turn"),
        run.usage().promptTokens(),
        run.usage().completionTokens(),
        Format.cost(run.costUsd()));
    out.printf("started %s  workdir %s%n", run.startedAt(), run.spec().workingDirectory());
    if (run.spec().parentRunId() != null) {
      out.printf(
          "%s of run %s%s%n",
          run.spec().link(),
          run.spec().parentRunId(),
          run.spec().parentEventId() == null ? "" : " at event " + run.spec().parentEventId());
    }
    if (run.reason() != null) {
      out.printf("reason: %s%n", run.reason());
    }
    out.println();
  }

  private static String elapsed(Run run, TraceEvent event) {
    Duration duration = Duration.between(run.startedAt(), event.timestamp());
    return String.format(Locale.ROOT, "+%.2fs", duration.toMillis() / 1000.0);
  }

  /** What the timeline shows of one event: the rest of its head line, then texts, each folded. */
  private record Block(String line, List<String> texts) {
    Block(String line, String... texts) {
      this(line, Arrays.asList(texts));
    }
  }

  private void event(TraceEvent event, String at) {
    String head =
        String.format(Locale.ROOT, "%5s %-8s %-15s", "[" + event.seq() + "]", at, label(event));
    Block block = block(event);
    out.println(head + block.line());
    block.texts().forEach(this::body);
  }

  /** Each kind's block; the long text under it is the kind's {@link EventText}. */
  private static Block block(TraceEvent event) {
    EventPayload payload = event.payload();
    String text = EventText.of(payload);
    return switch (payload.kind()) {
      case RUN_STARTED -> new Block("", text);
      case STATE_CHANGED -> {
        EventPayload.StateChanged state = (EventPayload.StateChanged) payload;
        yield new Block((state.from() == null ? "" : state.from() + " -> ") + state.to());
      }
      case MODEL_REQUEST -> {
        EventPayload.ModelRequest request = (EventPayload.ModelRequest) payload;
        yield new Block(
            request.context().size()
                + " messages ("
                + request.appended().size()
                + " new), "
                + request.tools().size()
                + " tools");
      }
      case MODEL_RESPONSE -> response((EventPayload.ModelResponse) payload, text);
      case TOOL_CALL -> {
        EventPayload.ToolCalled call = (EventPayload.ToolCalled) payload;
        yield new Block(call.toolName() + " " + Format.firstLine(call.argumentsJson(), 100));
      }
      case TOOL_RESULT -> {
        EventPayload.ToolResult result = (EventPayload.ToolResult) payload;
        yield new Block(
            (result.isError() ? "ERROR " : "")
                + (result.exitCode() == null ? "" : "exit " + result.exitCode() + ", ")
                + Format.millis(event.durationMs())
                + (result.truncated() ? ", truncated" : ""),
            text);
      }
      case CHECK_RESULT -> {
        CheckResult check = ((EventPayload.CheckFinished) payload).result();
        yield new Block(
            check.status().wire()
                + (check.exitCode() == null ? "" : " (exit " + check.exitCode() + ")")
                + (check.command() == null ? "" : "  $ " + check.command()),
            text);
      }
      case ERROR -> {
        EventPayload.Error error = (EventPayload.Error) payload;
        List<String> texts = new ArrayList<>(retries(error.retries()));
        texts.add(text);
        yield new Block(error.errorType() + (error.retryable() ? " (retryable)" : ""), texts);
      }
      case RUN_FINISHED -> {
        EventPayload.RunFinished finished = (EventPayload.RunFinished) payload;
        yield new Block(finished.status().wire() + " (" + finished.outcome() + ")", text);
      }
      // "policy decision" fills the label column: one space keeps the harness's lines apart
      case POLICY_DECISION -> {
        EventPayload.PolicyDecision decision = (EventPayload.PolicyDecision) payload;
        yield new Block(" " + ControlLines.decision(decision), decision.rule());
      }
      case APPROVAL ->
          new Block(
              " "
                  + ControlLines.approval(
                      (EventPayload.ApprovalAnswered) payload, event.durationMs()));
      case HOOK_RESULT -> new Block(" " + ControlLines.hook((EventPayload.HookRan) payload), text);
      case SKILL_RUN -> new Block(" " + ControlLines.skill((EventPayload.SkillRun) payload), text);
      case COMPACTION ->
          new Block(" " + ControlLines.compaction((EventPayload.Compaction) payload));
      case EXAMPLES_RETRIEVED ->
          new Block(" " + ControlLines.examples((EventPayload.ExamplesRetrieved) payload));
      case CHECKPOINT -> {
        EventPayload.Checkpoint checkpoint = (EventPayload.Checkpoint) payload;
        yield new Block(
            "step "
                + checkpoint.step()
                + ", "
                + checkpoint.messages()
                + " messages, snapshot "
                + (checkpoint.snapshot() == null ? "none" : checkpoint.snapshotMode()));
      }
      case RUN_RESUMED -> {
        EventPayload.RunResumed resumed = (EventPayload.RunResumed) payload;
        yield new Block(
            resumed.checkpointId() == null
                ? "from the start"
                : "from step " + resumed.step() + " (" + resumed.checkpointId() + ")",
            text);
      }
    };
  }

  private static Block response(EventPayload.ModelResponse response, String content) {
    List<String> texts = new ArrayList<>(retries(response.retries()));
    if (content != null && !content.isBlank()) {
      texts.add(content);
    }
    return new Block(
        response.usage().promptTokens()
            + "+"
            + response.usage().completionTokens()
            + " tokens, "
            + response.latencyMs()
            + "ms, "
            + response.finishReason(),
        texts);
  }

  private static List<String> retries(List<Retry> retries) {
    return retries.stream().map(Retry::summary).toList();
  }

  private static String label(TraceEvent event) {
    return event.kind().wire().replace('_', ' ');
  }

  private void body(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    String[] lines = text.split("\n", -1);
    int shown = foldLines <= 0 ? lines.length : Math.min(lines.length, foldLines);
    for (int i = 0; i < shown; i++) {
      out.println("    | " + lines[i]);
    }
    if (shown < lines.length) {
      out.println("    | … " + (lines.length - shown) + " more lines (--full shows all)");
    }
  }
}
