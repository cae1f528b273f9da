package dev.distillery.runtime.loop;

import dev.distillery.trace.Usage;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Limits shared by many runs — a suite's attempts: tokens, cost and wall time across all of them.
 * Every run charges its model calls here; once a limit is reached, each run ends {@code
 * budget_exceeded} before its next model call and no new attempt starts. Thread-safe.
 */
public final class SharedBudget {
  /** Which limit was reached, as a run's outcome and reason. */
  public record Exceeded(String outcome, String reason) {}

  private final Long maxTokens;
  private final Double maxCostUsd;
  private final Duration timeLimit;
  private long startNanos = System.nanoTime();
  private long tokens;
  private double costUsd;

  /** Each limit may be null: no limit of that kind. */
  public SharedBudget(Long maxTokens, Double maxCostUsd, Duration timeLimit) {
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("the suite's token budget must be at least 1");
    }
    if (maxCostUsd != null && maxCostUsd <= 0) {
      throw new IllegalArgumentException("the suite's cost budget must be more than 0");
    }
    if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
      throw new IllegalArgumentException("the suite's time limit must be more than 0");
    }
    this.maxTokens = maxTokens;
    this.maxCostUsd = maxCostUsd;
    this.timeLimit = timeLimit;
  }

  /** Starts the clock of the time limit (when the suite starts). */
  public synchronized void start() {
    startNanos = System.nanoTime();
  }

  public synchronized void charge(Usage usage, Double cost) {
    tokens += usage.total();
    if (cost != null) {
      costUsd += cost;
    }
  }

  public synchronized long tokens() {
    return tokens;
  }

  public synchronized Optional<Exceeded> exceeded() {
    if (timeLimit != null && System.nanoTime() - startNanos > timeLimit.toNanos()) {
      return Optional.of(
          new Exceeded(
              "suite_time_limit",
              "the suite passed its time limit of " + timeLimit.toSeconds() + "s"));
    }
    if (maxTokens != null && tokens >= maxTokens) {
      return Optional.of(
          new Exceeded(
              "suite_token_limit",
              "the suite's attempts used " + tokens + " tokens, its budget is " + maxTokens));
    }
    if (maxCostUsd != null && costUsd >= maxCostUsd) {
      return Optional.of(
          new Exceeded(
              "suite_cost_limit",
              String.format(
                  Locale.ROOT,
                  "the suite's attempts cost $%.4f, its budget is $%.4f",
                  costUsd,
                  maxCostUsd)));
    }
    return Optional.empty();
  }
}
