package dev.distillery.cli;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventSummary;
import dev.distillery.trace.TraceEvent;

/**
 * Which of the harness's decisions — policy, approval, hook, skill, compaction — the live steps on
 * stderr show, each as its {@link EventSummary} line.
 */
final class ControlLines {
  private ControlLines() {}

  /** The line the live console shows for this event, or null: every decision but a plain allow. */
  static String liveLine(TraceEvent event) {
    EventPayload payload = event.payload();
    return switch (payload.kind()) {
      case POLICY_DECISION -> {
        EventPayload.PolicyDecision decision = (EventPayload.PolicyDecision) payload;
        yield "allow".equals(decision.decision()) ? null : "policy " + line(event);
      }
      case APPROVAL, SKILL_RUN, COMPACTION, EXAMPLES_RETRIEVED -> line(event);
      case HOOK_RESULT -> {
        EventPayload.HookRan hook = (EventPayload.HookRan) payload;
        boolean live = hook.blocked() || (hook.exitCode() != null && hook.exitCode() != 0);
        yield live ? line(event) : null;
      }
      case RUN_STARTED,
          STATE_CHANGED,
          MODEL_REQUEST,
          MODEL_RESPONSE,
          TOOL_CALL,
          TOOL_RESULT,
          CHECK_RESULT,
          ERROR,
          RUN_FINISHED,
          CHECKPOINT,
          RUN_RESUMED ->
          null;
    };
  }

  /** The decision's {@link EventSummary} line, without the space that sets it off in a timeline. */
  private static String line(TraceEvent event) {
    return EventSummary.of(event, 0).line().substring(1);
  }
}
