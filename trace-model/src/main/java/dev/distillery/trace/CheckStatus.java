package dev.distillery.trace;

/** The automatic outcome of a task's check command, kept apart from human labels. */
public enum CheckStatus {
  PASS,
  FAIL,
  ERROR,
  NO_CHECK;

  private static final WireNames<CheckStatus> NAMES = new WireNames<>(CheckStatus.class);

  public String wire() {
    return NAMES.wire(this);
  }

  public static CheckStatus fromWire(String value) {
    return NAMES.fromWire(value);
  }
}
