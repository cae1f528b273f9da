package dev.distillery.cli;

import dev.distillery.runtime.loop.RunResult;
import dev.distillery.runtime.suite.SuiteListener;
import dev.distillery.runtime.suite.SuiteTask;
import dev.distillery.trace.CheckStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Suite progress on stderr: on a terminal one line redrawn in place (bar, counts, ETA); otherwise
 * (CI logs, pipes) one plain line per finished attempt.
 */
final class ProgressReporter implements SuiteListener {
  private final PrintWriter err;
  private final boolean terminal;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger passed = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger other = new AtomicInteger();
  private volatile int total;
  private volatile long startNanos;

  ProgressReporter(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void suiteStarted(String suiteRunId, int attempts) {
    total = attempts;
    startNanos = System.nanoTime();
    err.printf("suite run %s: %d attempts to run%n", suiteRunId, attempts);
    err.flush();
  }

  @Override
  public synchronized void attemptFinished(SuiteTask task, int attempt, RunResult result) {
    CheckStatus check = result.check() == null ? null : result.check().status();
    if (check == CheckStatus.PASS) {
      passed.incrementAndGet();
    } else if (check == CheckStatus.FAIL) {
      failed.incrementAndGet();
    } else {
      other.incrementAndGet();
    }
    int finished = done.incrementAndGet();
    if (terminal) {
      err.print("\r" + bar(finished) + (finished == total ? "\n" : ""));
    } else {
      err.printf(
          Locale.ROOT,
          "[%d/%d] %s #%d: check %s, run %s (%s, %s) %s%n",
          finished,
          total,
          task.id(),
          attempt,
          check == null ? "not run" : check.wire(),
          result.status().wire(),
          result.outcome(),
          Format.count(result.turns(), "turn"),
          Format.shortId(result.runId()));
    }
    err.flush();
  }

  private String bar(int finished) {
    long elapsed = System.nanoTime() - startNanos;
    String eta =
        finished == 0 || finished == total
            ? "--:--"
            : ProgressBar.clock(Duration.ofNanos(elapsed / finished * (total - finished)));
    return String.format(
        Locale.ROOT,
        "%s %d/%d  pass %d  fail %d  other %d  elapsed %s  eta %s ",
        ProgressBar.bar(finished, total),
        finished,
        total,
        passed.get(),
        failed.get(),
        other.get(),
        ProgressBar.clock(Duration.ofNanos(elapsed)),
        eta);
  }
}
