package dev.distillery.runtime.judge;

import dev.distillery.trace.Retry;
import dev.distillery.trace.Usage;
import java.util.List;
import java.util.Objects;

/**
 * One run graded: the verdict, or why there is none, with what the judge was sent and what it
 * answered.
 *
 * @param verdict null when the judge gave none
 * @param error why there is no verdict: a malformed verdict or a failed call; null with a verdict
 * @param requestJson the chat request: messages, the verdict tool, parameters
 * @param responseJson the reply: message, finish reason, usage, latency, retries; null when none
 *     came
 * @param costUsd null when the model's price is unknown
 * @param retries the tries that failed before the last (429s, 5xx, timeouts)
 * @param leftOut steps left out of the run to fit the judge's context window
 */
public record Grading(
    Verdict verdict,
    String error,
    String requestJson,
    String responseJson,
    Usage usage,
    Double costUsd,
    List<Retry> retries,
    int leftOut) {
  public Grading {
    Objects.requireNonNull(requestJson, "requestJson");
    usage = usage == null ? Usage.ZERO : usage;
    retries = List.copyOf(retries);
    if ((verdict == null) == (error == null)) {
      throw new IllegalArgumentException("a grading has a verdict or an error, exactly one");
    }
  }

  /** How many of the failed tries were the provider's rate limit (429). */
  public long rateLimited() {
    return retries.stream().filter(retry -> "rate_limited".equals(retry.errorType())).count();
  }
}
