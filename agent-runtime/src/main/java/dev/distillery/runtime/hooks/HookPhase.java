package dev.distillery.runtime.hooks;

import java.util.Locale;

/** When a hook runs: before a tool call (it may block it) or after it (it may flag the output). */
public enum HookPhase {
  BEFORE_TOOL,
  AFTER_TOOL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
