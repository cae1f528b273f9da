package dev.distillery.trace;

/** Where a run stands. Stored in lower case ({@code budget_exceeded}). */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  INTERRUPTED,
  BUDGET_EXCEEDED;

  private static final WireNames<RunStatus> NAMES = new WireNames<>(RunStatus.class);

  public String wire() {
    return NAMES.wire(this);
  }

  public static RunStatus fromWire(String value) {
    return NAMES.fromWire(value);
  }

  public boolean finished() {
    return this != RUNNING;
  }
}
