package dev.distillery.runtime.policy;

import java.util.Locale;

/** What the policy gate does with a tool call. */
public enum Action {
  ALLOW,
  DENY,
  ASK;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code allow}, {@code deny} or {@code ask}; anything else is an IllegalArgumentException. */
  public static Action fromWire(String value) {
    for (Action action : values()) {
      if (action.wire().equals(value)) {
        return action;
      }
    }
    throw new IllegalArgumentException("unknown action '" + value + "' (use allow, deny or ask)");
  }
}
