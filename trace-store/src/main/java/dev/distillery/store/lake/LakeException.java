package dev.distillery.store.lake;

import dev.distillery.store.StoreException;

/** The lake could not be written or read; the message says what and why in one sentence. */
public final class LakeException extends StoreException {
  public LakeException(String message) {
    super(message);
  }

  public LakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
