package dev.distillery.cli;

import dev.distillery.trace.Judgement;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * The judge's progress on stderr, as a suite's ({@link ProgressReporter}): on a terminal one line
 * redrawn in place; otherwise one plain line per graded run.
 */
final class JudgeProgress {
  private final PrintWriter err;
  private final boolean terminal;
  private final int total;
  private final long startNanos = System.nanoTime();
  private int done;
  private int correct;
  private int incorrect;
  private int failed;

  JudgeProgress(PrintWriter err, boolean terminal, int total) {
    this.err = err;
    this.terminal = terminal;
    this.total = total;
  }

  synchronized void graded(Judgement judgement, double cost) {
    done++;
    if (!judgement.verdict()) {
      failed++;
    } else if (judgement.label().equals("correct")) {
      correct++;
    } else {
      incorrect++;
    }
    if (terminal) {
      err.print("\r" + bar(cost) + (done == total ? "\n" : ""));
    } else {
      err.printf(
          Locale.ROOT,
          "[%d/%d] run %s: %s%n",
          done,
          total,
          Format.shortId(judgement.runId()),
          judgement.verdict()
              ? judgement.label() + " — " + judgement.reason()
              : "failed — " + judgement.error());
    }
    err.flush();
  }

  /** Ends a redrawn line that stopped short of the total (--max-cost). */
  synchronized void stopped() {
    if (terminal && done < total && done > 0) {
      err.println();
      err.flush();
    }
  }

  /** How many graded runs the judge found correct. */
  synchronized int correct() {
    return correct;
  }

  /** How many graded runs the judge found incorrect. */
  synchronized int incorrect() {
    return incorrect;
  }

  /** How many gradings failed (no verdict). */
  synchronized int failed() {
    return failed;
  }

  private String bar(double cost) {
    return String.format(
        Locale.ROOT,
        "%s %d/%d  correct %d  incorrect %d  failed %d  %s  elapsed %s ",
        ProgressBar.bar(done, total),
        done,
        total,
        correct,
        incorrect,
        failed,
        Format.cost(cost),
        ProgressBar.clock(Duration.ofNanos(System.nanoTime() - startNanos)));
  }
}
