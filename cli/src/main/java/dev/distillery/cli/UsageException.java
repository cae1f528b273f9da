package dev.distillery.cli;

import dev.distillery.trace.DistilleryException;

/**
 * A wrong command line found after parsing: a value an option cannot take (an unknown mode, a
 * persona that is neither bundled nor a file, a count below 1) or options that do not go together.
 * The CLI prints its message as one line and exits with {@link ExitCode#USAGE}, as for an unknown
 * option.
 */
public final class UsageException extends DistilleryException {
  public UsageException(String message) {
    super(message);
  }
}
