package dev.distillery.trace;

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
  RUN_RESUMED,
  EXAMPLES_RETRIEVED;

  private static final WireNames<EventKind> NAMES = new WireNames<>(EventKind.class);

  public String wire() {
    return NAMES.wire(this);
  }

  /** The payload record an event of this kind carries (what its JSON reads into). */
  public Class<? extends EventPayload> payloadType() {
    return switch (this) {
      case RUN_STARTED -> EventPayload.RunStarted.class;
      case STATE_CHANGED -> EventPayload.StateChanged.class;
      case MODEL_REQUEST -> EventPayload.ModelRequest.class;
      case MODEL_RESPONSE -> EventPayload.ModelResponse.class;
      case TOOL_CALL -> EventPayload.ToolCalled.class;
      case TOOL_RESULT -> EventPayload.ToolResult.class;
      case CHECK_RESULT -> EventPayload.CheckFinished.class;
      case ERROR -> EventPayload.Error.class;
      case RUN_FINISHED -> EventPayload.RunFinished.class;
      case POLICY_DECISION -> EventPayload.PolicyDecision.class;
      case APPROVAL -> EventPayload.ApprovalAnswered.class;
      case HOOK_RESULT -> EventPayload.HookRan.class;
      case SKILL_RUN -> EventPayload.SkillRun.class;
      case COMPACTION -> EventPayload.Compaction.class;
      case CHECKPOINT -> EventPayload.Checkpoint.class;
      case RUN_RESUMED -> EventPayload.RunResumed.class;
      case EXAMPLES_RETRIEVED -> EventPayload.ExamplesRetrieved.class;
    };
  }

  public static EventKind fromWire(String value) {
    return NAMES.fromWire(value);
  }
}
