package dev.distillery.runtime.judge;

import dev.distillery.trace.DistilleryException;

/** The judge answered, but not with one well-formed verdict: a recorded failure, never a label. */
public final class MalformedVerdictException extends DistilleryException {
  MalformedVerdictException(String message) {
    super("malformed verdict: " + message);
  }
}
