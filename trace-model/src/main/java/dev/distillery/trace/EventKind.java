package dev.distillery.trace;

import java.util.Locale;

/** The kinds of trace event, stored in lower snake case ({@code model_request}). */
public enum EventKind {
  RUN_STARTED,
  STATE_CHANGED,
  MODEL_REQUEST,
  MODEL_RESPONSE,
  TOOL_CALL,
  TOOL_RESULT,
  CHECK_RESULT,
  ERROR,
  RUN_FINISHED,
  POLICY_DECISION,
  APPROVAL,
  HOOK_RESULT,
  SKILL_RUN,
  COMPACTION,
  CHECKPOINT,
  RUN_RESUMED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EventKind fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
