package dev.distillery.annotate;

import dev.distillery.trace.DistilleryException;

/** The server did not take what {@link IngestClient} sent, or did not answer at all. */
public final class IngestException extends DistilleryException {
  private final int status;

  IngestException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the refusal, or 0 when the server could not be reached. */
  public int status() {
    return status;
  }

  /** Whether the server is gone (no answer), as opposed to refusing what was sent. */
  public boolean unreachable() {
    return status == 0;
  }
}
