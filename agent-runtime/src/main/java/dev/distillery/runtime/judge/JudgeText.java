package dev.distillery.runtime.judge;

import dev.distillery.runtime.learn.CompactRun;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A run as the judge reads it: its task, each tool call (with its event id, so the judge can name
 * the step that went wrong) and a cut result, the answer, how the run ended and its check. A run
 * longer than the room the judge's context window leaves loses steps from the middle, and says so.
 */
final class JudgeText {
  static final CompactRun.Limits LIMITS =
      new CompactRun.Limits(4_000, 400, 800, 4_000, Integer.MAX_VALUE);
  static final int CHECK_OUTPUT = 1_500;

  /**
   * @param text what the judge is sent
   * @param leftOut steps left out in the middle to fit; 0 when the run fits whole
   */
  record Rendered(String text, int leftOut, List<String> stepIds) {}

  private JudgeText() {}

  /**
   * @param room the most characters the text may have
   */
  static Rendered of(RunTrace trace, int room, UnaryOperator<String> redact) {
    Map<String, String> stepIds = new HashMap<>();
    List<String> eventIds = new ArrayList<>();
    for (TraceEvent event : trace.events()) {
      eventIds.add(event.id());
      if (event.payload() instanceof EventPayload.ToolCalled called) {
        stepIds.put(called.callId(), event.id());
      }
    }
    Run run = trace.run();
    CompactRun compact =
        CompactRun.of(run.spec().taskPrompt(), trace.messages(), stepIds, LIMITS, redact);
    String head = "Task: " + compact.task() + "\n";
    String tail = tail(run, compact, redact);
    List<String> steps = compact.steps();
    int leftOut = leftOut(head.length() + tail.length(), steps, room);
    String text = compose(head, steps, leftOut, tail);
    if (text.length() > room) {
      // task and answer alone are too long: keep both ends of the text
      int half = Math.max(0, room / 2 - 40);
      text =
          text.substring(0, half)
              + "\n… (the middle of this run is left out to fit your context window) …\n"
              + text.substring(text.length() - half);
      leftOut = Math.max(leftOut, 1);
    }
    return new Rendered(text, leftOut, eventIds);
  }

  /** How many steps to leave out of the middle for the text to fit in {@code room}. */
  private static int leftOut(int fixed, List<String> steps, int room) {
    int n = steps.size();
    long[] prefix = new long[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + steps.get(i).length() + 1;
    }
    // the header line and the "left out" line, generously
    long overhead = fixed + 140;
    for (int kept = n; kept > 0; kept--) {
      int before = (kept + 1) / 2;
      int after = kept - before;
      long length = overhead + prefix[before] + (prefix[n] - prefix[n - after]);
      if (length <= room) {
        return n - kept;
      }
    }
    return n;
  }

  private static String compose(String head, List<String> steps, int leftOut, String tail) {
    StringBuilder text = new StringBuilder(head);
    if (!steps.isEmpty()) {
      text.append("Steps (the event id of each tool call in brackets):\n");
    }
    int before = (steps.size() - leftOut + 1) / 2;
    int after = steps.size() - leftOut - before;
    for (int i = 0; i < before; i++) {
      text.append(steps.get(i)).append('\n');
    }
    if (leftOut > 0) {
      text.append("- (")
          .append(leftOut)
          .append(leftOut == 1 ? " step" : " steps")
          .append(" left out here to fit your context window)\n");
    }
    for (int i = steps.size() - after; i < steps.size(); i++) {
      text.append(steps.get(i)).append('\n');
    }
    return text.append(tail).toString();
  }

  private static String tail(Run run, CompactRun compact, UnaryOperator<String> redact) {
    StringBuilder text = new StringBuilder();
    text.append("Answer: ")
        .append(compact.answer() == null ? "(none)" : compact.answer())
        .append('\n');
    text.append("Run ended: ").append(run.status().wire());
    if (run.outcome() != null) {
      text.append(", ").append(run.outcome());
    }
    if (run.reason() != null && !run.reason().isBlank()) {
      text.append(" (").append(CompactRun.oneLine(CompactRun.cut(run.reason(), 300))).append(')');
    }
    text.append('\n');
    CheckResult check = run.check();
    if (check == null || check.status() == CheckStatus.NO_CHECK) {
      text.append("Check: none\n");
    } else {
      text.append("Check: ").append(check.status().wire());
      if (check.command() != null) {
        text.append(" (`").append(CompactRun.cut(check.command(), 300)).append("`");
        text.append(check.exitCode() == null ? ")" : ", exit " + check.exitCode() + ")");
      }
      text.append('\n');
      if (!check.output().isBlank()) {
        text.append("Check output:\n")
            .append(CompactRun.cut(redact.apply(check.output()), CHECK_OUTPUT).strip())
            .append('\n');
      }
    }
    return text.toString();
  }
}
