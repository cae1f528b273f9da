package dev.distillery.runtime.model;

import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Retry;
import java.util.List;

/**
 * A model call that gave no usable reply. {@link #errorType} is a short stable name recorded in the
 * trace; {@link #retryable} says whether trying again later could help.
 */
public class ModelException extends DistilleryException {
  private final String errorType;
  private final boolean retryable;
  private List<Retry> retries = List.of();
  private Long elapsedMs;

  public ModelException(String errorType, String message, boolean retryable) {
    this(errorType, message, retryable, null);
  }

  public ModelException(String errorType, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
    this.retryable = retryable;
  }

  public String errorType() {
    return errorType;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The tries that failed before the last one, oldest first; empty when there was one try. */
  public List<Retry> retries() {
    return retries;
  }

  /** The call's whole time, every try and wait included; null when the client did not say. */
  public Long elapsedMs() {
    return elapsedMs;
  }

  /** This exception, saying which earlier tries failed and how long the call took in all. */
  public ModelException withTries(List<Retry> earlier, long elapsed) {
    this.retries = List.copyOf(earlier);
    this.elapsedMs = elapsed;
    return this;
  }
}
