package dev.distillery.cli;

import dev.distillery.trace.DistilleryException;

/** The server did not take what {@link IngestClient} sent, or did not answer at all. */
final class IngestException extends DistilleryException {
  private final int status;
  private final String reason;

  IngestException(String message, int status, Throwable cause) {
    this(message, status, message, cause);
  }

  IngestException(String message, int status, String reason, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.reason = reason;
  }

  /** The server's own reason for a refusal, without naming the server; else the message. */
  public String reason() {
    return reason;
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
