package dev.distillery.trace;

import java.util.Objects;

/**
 * One try of a model call that failed and was tried again: recorded on the call's {@link
 * EventPayload.ModelResponse} (or its {@link EventPayload.Error} when every try failed).
 *
 * @param attempt the number of the try that failed, from 1; a try on a dead pooled connection
 *     ({@code stale_connection}) is not counted, so it shares the number of the try that follows
 * @param errorType a short stable name: {@code rate_limited}, {@code server_error}, {@code
 *     timeout}, {@code stale_connection}
 * @param status the HTTP status of the failed try, or null when there was no answer
 * @param waitMs how long the client waited before the next try
 * @param message what went wrong, in one line
 */
public record Retry(int attempt, String errorType, Integer status, long waitMs, String message) {
  public Retry {
    Objects.requireNonNull(errorType, "errorType");
    message = message == null ? "" : message;
  }

  /** One line for people: {@code try 1: rate_limited (HTTP 429), waited 2000 ms}. */
  public String summary() {
    return "try "
        + attempt
        + ": "
        + errorType
        + (status == null ? "" : " (HTTP " + status + ")")
        + ", waited "
        + waitMs
        + " ms";
  }
}
