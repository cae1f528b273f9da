package dev.distillery.runtime.learn;

import dev.distillery.trace.ExampleQuery;
import java.time.Instant;
import java.util.Objects;

/**
 * How a run learns from earlier ones ({@code --learn}).
 *
 * @param examples how many worked examples at most ({@code --learn-examples}, default 3)
 * @param budgetTokens how many tokens the examples may take in the system prompt at most ({@code
 *     --learn-budget}, default 1,500), estimated at four characters a token
 * @param scope which tasks' runs may teach ({@code --learn-scope})
 * @param withIncorrect whether runs labelled incorrect come too, as notes on what not to do ({@code
 *     --learn-from all})
 * @param endedBefore only runs that ended before this (a suite round's start), or null
 */
public record LearnOptions(
    int examples,
    int budgetTokens,
    ExampleQuery.Scope scope,
    boolean withIncorrect,
    Instant endedBefore) {
  public static final int DEFAULT_EXAMPLES = 3;
  public static final int DEFAULT_BUDGET_TOKENS = 1_500;

  public static final LearnOptions DEFAULT =
      new LearnOptions(
          DEFAULT_EXAMPLES, DEFAULT_BUDGET_TOKENS, ExampleQuery.Scope.ALL, false, null);

  public LearnOptions {
    Objects.requireNonNull(scope, "scope");
    if (examples < 1) {
      throw new IllegalArgumentException("learn examples must be at least 1, was " + examples);
    }
    if (budgetTokens < 50) {
      throw new IllegalArgumentException(
          "the learn budget must be at least 50 tokens, was " + budgetTokens);
    }
  }

  /** These options, seeing only runs that ended before {@code instant}. */
  public LearnOptions endingBefore(Instant instant) {
    return new LearnOptions(examples, budgetTokens, scope, withIncorrect, instant);
  }
}
