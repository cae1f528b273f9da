package dev.distillery.capture.otlp;

import dev.distillery.trace.DistilleryException;

/** A request to the OTLP receiver that cannot be read; answered 400, nothing of it is kept. */
final class OtlpException extends DistilleryException {
  OtlpException(String message) {
    super(message);
  }

  OtlpException(String message, Throwable cause) {
    super(message, cause);
  }
}
