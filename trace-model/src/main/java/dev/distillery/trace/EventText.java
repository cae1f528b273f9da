package dev.distillery.trace;

/**
 * Each kind's main text, as a plain value: the long text a reader unfolds under an event (a prompt,
 * a tool's output, a reason) and the text the store keeps in its {@code text} column for search.
 * The terminal timeline, the run page and the store read it from here, each in its own medium; a
 * new kind gets its text here, where the compiler asks for it.
 */
public final class EventText {
  private EventText() {}

  /** The event's main text, or null when its kind has none. */
  public static String of(EventPayload payload) {
    return switch (payload.kind()) {
      case RUN_STARTED -> ((EventPayload.RunStarted) payload).spec().taskPrompt();
      case STATE_CHANGED, MODEL_REQUEST, COMPACTION -> null;
      case MODEL_RESPONSE -> ((EventPayload.ModelResponse) payload).message().content();
      case TOOL_CALL -> ((EventPayload.ToolCalled) payload).argumentsJson();
      case TOOL_RESULT -> ((EventPayload.ToolResult) payload).output();
      case CHECK_RESULT -> ((EventPayload.CheckFinished) payload).result().output();
      case ERROR -> ((EventPayload.Error) payload).message();
      case RUN_FINISHED -> ((EventPayload.RunFinished) payload).reason();
      case POLICY_DECISION -> ((EventPayload.PolicyDecision) payload).reason();
      case APPROVAL -> ((EventPayload.ApprovalAnswered) payload).answeredBy();
      case HOOK_RESULT -> ((EventPayload.HookRan) payload).message();
      case SKILL_RUN -> ((EventPayload.SkillRun) payload).output();
      case CHECKPOINT -> ((EventPayload.Checkpoint) payload).snapshot();
      case RUN_RESUMED -> ((EventPayload.RunResumed) payload).reason();
      case EXAMPLES_RETRIEVED ->
          String.join(" ", ((EventPayload.ExamplesRetrieved) payload).runs());
    };
  }
}
