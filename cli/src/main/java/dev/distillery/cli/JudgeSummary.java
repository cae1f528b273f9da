package dev.distillery.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** The lines {@code distillery judge} ends with: what it graded, what it skipped, what it cost. */
final class JudgeSummary {
  private static final int FAILURES_SHOWN = 5;

  private JudgeSummary() {}

  static void print(
      PrintWriter out,
      String author,
      JudgeRound.Tally tally,
      int skipped,
      int running,
      Double maxCost) {
    out.printf(
        Locale.ROOT,
        "%s judged %d %s: %d correct, %d incorrect, %d failed%n",
        author,
        tally.judged(),
        tally.judged() == 1 ? "run" : "runs",
        tally.correct(),
        tally.incorrect(),
        tally.failed());
    if (skipped > 0) {
      out.printf("skipped %d already graded by this judge and rubric%n", skipped);
    }
    if (running > 0) {
      out.printf("skipped %d still running%n", running);
    }
    if (tally.notStarted() > 0) {
      out.printf(
          Locale.ROOT,
          "stopped at --max-cost %s: %d %s not judged (run again to go on)%n",
          Format.cost(maxCost),
          tally.notStarted(),
          tally.notStarted() == 1 ? "run" : "runs");
    }
    out.printf(
        Locale.ROOT,
        "cost %s%s, %d prompt tokens (%d a run)%n",
        Format.cost(tally.costUsd()),
        tally.costUnknown() ? " (the model's price is unknown: see docs/models.md)" : "",
        tally.promptTokens(),
        tally.judged() == 0 ? 0 : tally.promptTokens() / tally.judged());
    if (tally.retries() > 0) {
      out.printf(
          "retried %d %s (%d rate-limited)%n",
          tally.retries(), tally.retries() == 1 ? "try" : "tries", tally.rateLimited());
    }
    if (tally.failed() > 0) {
      out.println("failures (recorded in judgements, no label):");
      tally.failures().stream()
          .limit(FAILURES_SHOWN)
          .forEach(failure -> out.println("  " + failure));
      if (tally.failures().size() > FAILURES_SHOWN) {
        out.printf(
            "  … %d more: distillery sql \"SELECT run_id, error FROM judgements\"%n",
            tally.failures().size() - FAILURES_SHOWN);
      }
    }
    out.flush();
  }
}
