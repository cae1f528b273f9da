package dev.distillery.cli;

import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.io.PrintWriter;
import java.time.Duration;
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

  private void event(TraceEvent event, String at) {
    String head =
        String.format(Locale.ROOT, "%5s %-8s %-15s", "[" + event.seq() + "]", at, label(event));
    EventPayload payload = event.payload();
    switch (payload.kind()) {
      case RUN_STARTED -> {
        out.println(head);
        body(((EventPayload.RunStarted) payload).spec().taskPrompt());
      }
      case STATE_CHANGED -> {
        EventPayload.StateChanged state = (EventPayload.StateChanged) payload;
        out.println(head + (state.from() == null ? "" : state.from() + " -> ") + state.to());
      }
      case MODEL_REQUEST -> {
        EventPayload.ModelRequest request = (EventPayload.ModelRequest) payload;
        out.println(
            head
                + request.context().size()
                + " messages ("
                + request.appended().size()
                + " new), "
                + request.tools().size()
                + " tools");
      }
      case MODEL_RESPONSE -> response(head, (EventPayload.ModelResponse) payload);
      case TOOL_CALL -> {
        EventPayload.ToolCalled call = (EventPayload.ToolCalled) payload;
        out.println(head + call.toolName() + " " + Format.firstLine(call.argumentsJson(), 100));
      }
      case TOOL_RESULT -> {
        EventPayload.ToolResult result = (EventPayload.ToolResult) payload;
        out.println(
            head
                + (result.isError() ? "ERROR " : "")
                + (result.exitCode() == null ? "" : "exit " + result.exitCode() + ", ")
                + Format.millis(event.durationMs())
                + (result.truncated() ? ", truncated" : ""));
        body(result.output());
      }
      case CHECK_RESULT -> {
        CheckResult check = ((EventPayload.CheckFinished) payload).result();
        out.println(
            head
                + check.status().wire()
                + (check.exitCode() == null ? "" : " (exit " + check.exitCode() + ")")
                + (check.command() == null ? "" : "  $ " + check.command()));
        body(check.output());
      }
      case ERROR -> {
        EventPayload.Error error = (EventPayload.Error) payload;
        out.println(head + error.errorType() + (error.retryable() ? " (retryable)" : ""));
        error.retries().forEach(retry -> body(retry.summary()));
        body(error.message());
      }
      case RUN_FINISHED -> {
        EventPayload.RunFinished finished = (EventPayload.RunFinished) payload;
        out.println(head + finished.status().wire() + " (" + finished.outcome() + ")");
        body(finished.reason());
      }
      case POLICY_DECISION, APPROVAL, HOOK_RESULT, SKILL_RUN, COMPACTION -> {
        // "policy decision" fills the label column: one space keeps it apart
        out.println(head + " " + ControlLines.summary(event));
        body(ControlLines.detail(payload));
      }
      case CHECKPOINT -> {
        EventPayload.Checkpoint checkpoint = (EventPayload.Checkpoint) payload;
        out.println(
            head
                + "step "
                + checkpoint.step()
                + ", "
                + checkpoint.messages()
                + " messages, snapshot "
                + (checkpoint.snapshot() == null ? "none" : checkpoint.snapshotMode()));
      }
      case RUN_RESUMED -> {
        EventPayload.RunResumed resumed = (EventPayload.RunResumed) payload;
        out.println(
            head
                + (resumed.checkpointId() == null
                    ? "from the start"
                    : "from step " + resumed.step() + " (" + resumed.checkpointId() + ")"));
        body(resumed.reason());
      }
    }
  }

  private void response(String head, EventPayload.ModelResponse response) {
    out.printf(
        Locale.ROOT,
        "%s%d+%d tokens, %dms, %s%n",
        head,
        response.usage().promptTokens(),
        response.usage().completionTokens(),
        response.latencyMs(),
        response.finishReason());
    response.retries().forEach(retry -> body(retry.summary()));
    Message message = response.message();
    if (message.content() != null && !message.content().isBlank()) {
      body(message.content());
    }
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
