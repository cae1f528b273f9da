package dev.distillery.runtime.durable;

import dev.distillery.trace.DistilleryException;

/** A workspace snapshot could not be taken or restored. */
public final class SnapshotException extends DistilleryException {
  SnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
