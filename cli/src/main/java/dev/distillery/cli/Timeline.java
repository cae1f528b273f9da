package dev.distillery.cli;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventSummary;
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
    int turn = 1;
    for (TraceEvent event : events) {
      if (showStates || !(event.payload() instanceof EventPayload.StateChanged)) {
        event(event, turn, elapsed(run, event));
      }
      if (event.kind() == EventKind.MODEL_RESPONSE) {
        turn++;
      }
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

  /** An event's line, then its {@link EventSummary#details}, each folded. */
  private void event(TraceEvent event, int turn, String at) {
    String head =
        String.format(Locale.ROOT, "%5s %-8s %-15s", "[" + event.seq() + "]", at, label(event));
    EventSummary summary = EventSummary.of(event, turn);
    out.println(head + summary.line());
    summary.details().forEach(this::body);
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
