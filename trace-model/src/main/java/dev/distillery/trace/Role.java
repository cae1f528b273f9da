package dev.distillery.trace;

/** Chat roles, as the OpenAI chat format names them. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT,
  TOOL;

  private static final WireNames<Role> NAMES = new WireNames<>(Role.class);

  public String wire() {
    return NAMES.wire(this);
  }

  public static Role fromWire(String value) {
    return NAMES.fromWire(value);
  }
}
