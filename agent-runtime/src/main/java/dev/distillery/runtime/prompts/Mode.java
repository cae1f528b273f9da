package dev.distillery.runtime.prompts;

import java.util.Locale;
import java.util.Set;

/**
 * How much the agent may do: {@code ask} answers without tools, {@code plan} may only look
 * (read-only tools), {@code agent} may use every tool. Recorded as the run's {@code mode}.
 */
public enum Mode {
  ASK("Mode: ask. Answer from what you know and what the user tells you; you have no tools."),
  PLAN(
      "Mode: plan. You may look but not change anything: use only the read-only tools, then reply"
          + " with a step-by-step plan for the user to approve."),
  AGENT("Mode: agent. You may use every tool to complete the task.");

  /** Tools that only read; the ones {@code plan} mode offers. */
  public static final Set<String> READ_ONLY_TOOLS = Set.of("read_file", "list_files", "skill");

  private final String instruction;

  Mode(String instruction) {
    this.instruction = instruction;
  }

  public String instruction() {
    return instruction;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean offers(String toolName) {
    return switch (this) {
      case ASK -> false;
      case PLAN -> READ_ONLY_TOOLS.contains(toolName);
      case AGENT -> true;
    };
  }

  /** {@code ask}, {@code plan} or {@code agent}; anything else is an IllegalArgumentException. */
  public static Mode fromWire(String value) {
    for (Mode mode : values()) {
      if (mode.wire().equals(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + value + "' (use ask, plan or agent)");
  }
}
