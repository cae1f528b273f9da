package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;
import static dev.distillery.annotate.StepView.fact;
import static dev.distillery.annotate.StepView.folded;
import static dev.distillery.annotate.StepView.pre;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.TraceEvent;

/**
 * The harness's decisions on the timeline: policy decisions, approvals, hooks, skill commands and
 * compactions. Every value from the trace is escaped.
 */
final class ControlStepView {
  private ControlStepView() {}

  static String title(EventPayload payload) {
    return switch (payload.kind()) {
      case POLICY_DECISION -> {
        EventPayload.PolicyDecision decision = (EventPayload.PolicyDecision) payload;
        yield "Policy " + esc(decision.decision()) + " " + esc(decision.toolName());
      }
      case APPROVAL -> {
        EventPayload.ApprovalAnswered approval = (EventPayload.ApprovalAnswered) payload;
        yield (approval.granted() ? "Approved " : "Refused ") + esc(approval.toolName());
      }
      case HOOK_RESULT -> {
        EventPayload.HookRan hook = (EventPayload.HookRan) payload;
        yield "Hook " + esc(hook.phase().replace('_', ' ')) + (hook.blocked() ? " blocked" : "");
      }
      case SKILL_RUN -> "Skill " + esc(((EventPayload.SkillRun) payload).skill());
      case COMPACTION -> "Compaction";
      default -> esc(payload.kind().wire());
    };
  }

  static String body(TraceEvent event) {
    EventPayload payload = event.payload();
    return switch (payload.kind()) {
      case POLICY_DECISION -> decision((EventPayload.PolicyDecision) payload);
      case APPROVAL -> approval((EventPayload.ApprovalAnswered) payload, event.durationMs());
      case HOOK_RESULT -> hook((EventPayload.HookRan) payload);
      case SKILL_RUN -> skill((EventPayload.SkillRun) payload, event.durationMs());
      case COMPACTION -> compaction((EventPayload.Compaction) payload);
      default -> "";
    };
  }

  private static String decision(EventPayload.PolicyDecision decision) {
    String badge =
        switch (decision.decision()) {
          case "deny" -> "bad";
          case "ask" -> "warn";
          default -> "ok";
        };
    return "<p class=\"facts\"><span class=\"badge "
        + badge
        + "\">"
        + esc(decision.decision())
        + "</span>"
        + fact("call", decision.callId())
        + fact("rule", decision.rule())
        + fact("source", decision.source())
        + "</p>"
        + pre(decision.reason());
  }

  private static String approval(EventPayload.ApprovalAnswered approval, Long durationMs) {
    return "<p class=\"facts\"><span class=\"badge "
        + (approval.granted() ? "ok" : "bad")
        + "\">"
        + esc(approval.answer())
        + "</span>"
        + fact("by", approval.answeredBy())
        + fact("waited", durationMs == null ? "–" : durationMs + " ms")
        + fact("call", approval.callId())
        + "</p>";
  }

  private static String hook(EventPayload.HookRan hook) {
    return "<p class=\"facts\">"
        + (hook.blocked() ? "<span class=\"badge bad\">blocked</span>" : "")
        + fact("hook", hook.hook())
        + fact("tool", hook.toolName())
        + fact("exit code", hook.exitCode() == null ? "–" : hook.exitCode())
        + "</p>"
        + pre(hook.message());
  }

  private static String skill(EventPayload.SkillRun skill, Long durationMs) {
    return "<p class=\"facts\">"
        + fact("trigger", skill.trigger())
        + fact("command", skill.command())
        + fact("exit code", skill.exitCode() == null ? "–" : skill.exitCode())
        + fact("duration", durationMs == null ? "–" : durationMs + " ms")
        + (skill.truncated() ? "<span class=\"badge warn\">truncated</span>" : "")
        + "</p><p class=\"muted\">ran without calling the model</p>"
        + folded(skill.output());
  }

  private static String compaction(EventPayload.Compaction compaction) {
    return "<p class=\"facts\">"
        + fact("tokens before", compaction.tokensBefore())
        + fact("tokens after", compaction.tokensAfter())
        + fact("context window", compaction.contextWindow())
        + fact("outputs cut", compaction.outputsCut())
        + fact("messages summarized", compaction.messagesSummarized())
        + fact(
            "summary message",
            compaction.summaryIndex() == null ? "–" : "#" + compaction.summaryIndex())
        + fact("summary tokens", compaction.summaryUsage().total())
        + "</p>";
  }
}
