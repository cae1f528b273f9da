package dev.distillery.cli;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.TraceEvent;

/**
 * One line for each of the harness's decisions — policy, approval, hook, skill, compaction — for
 * {@code show} and for the live steps on stderr.
 */
final class ControlLines {
  private ControlLines() {}

  /** The line the live console shows for this event, or null: every decision but a plain allow. */
  static String liveLine(TraceEvent event) {
    if (!live(event.payload())) {
      return null;
    }
    String line = summary(event);
    return event.kind() == dev.distillery.trace.EventKind.POLICY_DECISION ? "policy " + line : line;
  }

  /** Whether the live console shows this event: everything but a plain allow. */
  static boolean live(EventPayload payload) {
    return switch (payload.kind()) {
      case POLICY_DECISION -> !"allow".equals(((EventPayload.PolicyDecision) payload).decision());
      case APPROVAL, SKILL_RUN, COMPACTION -> true;
      case HOOK_RESULT -> {
        EventPayload.HookRan hook = (EventPayload.HookRan) payload;
        yield hook.blocked() || (hook.exitCode() != null && hook.exitCode() != 0);
      }
      default -> false;
    };
  }

  static String summary(TraceEvent event) {
    EventPayload payload = event.payload();
    return switch (payload.kind()) {
      case POLICY_DECISION -> {
        EventPayload.PolicyDecision decision = (EventPayload.PolicyDecision) payload;
        yield decision.decision()
            + " "
            + decision.toolName()
            + (decision.rule() == null ? "" : ": " + decision.reason())
            + (decision.source() == null ? "" : " (" + decision.source() + " rule)");
      }
      case APPROVAL -> {
        EventPayload.ApprovalAnswered approval = (EventPayload.ApprovalAnswered) payload;
        yield (approval.granted() ? "approved " : "refused ")
            + approval.toolName()
            + ": "
            + approval.answer()
            + " by "
            + approval.answeredBy()
            + " after "
            + Format.millis(event.durationMs());
      }
      case HOOK_RESULT -> {
        EventPayload.HookRan hook = (EventPayload.HookRan) payload;
        yield "hook "
            + hook.phase()
            + " "
            + hook.toolName()
            + (hook.blocked() ? " BLOCKED" : "")
            + (hook.exitCode() == null ? "" : " (exit " + hook.exitCode() + ")")
            + "  $ "
            + Format.firstLine(hook.hook(), 80);
      }
      case SKILL_RUN -> {
        EventPayload.SkillRun skill = (EventPayload.SkillRun) payload;
        yield "skill "
            + skill.skill()
            + " ("
            + skill.trigger()
            + ") without the model, "
            + (skill.exitCode() == null ? "killed" : "exit " + skill.exitCode())
            + "  $ "
            + Format.firstLine(skill.command(), 80);
      }
      case COMPACTION -> {
        EventPayload.Compaction compaction = (EventPayload.Compaction) payload;
        yield "compacted "
            + compaction.tokensBefore()
            + " -> "
            + compaction.tokensAfter()
            + " tokens (window "
            + compaction.contextWindow()
            + "): "
            + compaction.outputsCut()
            + " outputs cut, "
            + compaction.messagesSummarized()
            + " messages summarized";
      }
      default -> payload.kind().wire();
    };
  }

  /** The text shown under the line: a reason, a hook's message, a skill's output. */
  static String detail(EventPayload payload) {
    return switch (payload.kind()) {
      case POLICY_DECISION -> ((EventPayload.PolicyDecision) payload).rule();
      case HOOK_RESULT -> ((EventPayload.HookRan) payload).message();
      case SKILL_RUN -> ((EventPayload.SkillRun) payload).output();
      default -> null;
    };
  }
}
