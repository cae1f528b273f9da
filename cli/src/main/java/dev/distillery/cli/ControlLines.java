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
    EventPayload payload = event.payload();
    return switch (payload.kind()) {
      case POLICY_DECISION -> {
        EventPayload.PolicyDecision decision = (EventPayload.PolicyDecision) payload;
        yield "allow".equals(decision.decision()) ? null : "policy " + decision(decision);
      }
      case APPROVAL -> approval((EventPayload.ApprovalAnswered) payload, event.durationMs());
      case HOOK_RESULT -> {
        EventPayload.HookRan hook = (EventPayload.HookRan) payload;
        boolean live = hook.blocked() || (hook.exitCode() != null && hook.exitCode() != 0);
        yield live ? hook(hook) : null;
      }
      case SKILL_RUN -> skill((EventPayload.SkillRun) payload);
      case COMPACTION -> compaction((EventPayload.Compaction) payload);
      case EXAMPLES_RETRIEVED -> examples((EventPayload.ExamplesRetrieved) payload);
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

  /** {@code learned from 2 runs (~310 tokens): 01J9ab correct 0.62, 01J9cd correct 0.40}. */
  static String examples(EventPayload.ExamplesRetrieved examples) {
    if (examples.runs().isEmpty()) {
      return "learn: no earlier run to learn from ("
          + examples.scope()
          + (examples.found() > 0 ? ", " + examples.found() + " over the budget" : "")
          + ")";
    }
    StringBuilder line =
        new StringBuilder("learned from ")
            .append(examples.runs().size())
            .append(examples.runs().size() == 1 ? " run" : " runs")
            .append(" (~")
            .append(examples.tokens())
            .append(" tokens, ")
            .append(examples.scope())
            .append("):");
    for (int i = 0; i < examples.runs().size(); i++) {
      line.append(i == 0 ? " " : ", ")
          .append(Format.shortId(examples.runs().get(i)))
          .append(' ')
          .append(examples.labels().get(i))
          .append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.2f", examples.scores().get(i)));
    }
    return line.toString();
  }

  static String decision(EventPayload.PolicyDecision decision) {
    return decision.decision()
        + " "
        + decision.toolName()
        + (decision.rule() == null ? "" : ": " + decision.reason())
        + (decision.source() == null ? "" : " (" + decision.source() + " rule)");
  }

  static String approval(EventPayload.ApprovalAnswered approval, Long durationMs) {
    return (approval.granted() ? "approved " : "refused ")
        + approval.toolName()
        + ": "
        + approval.answer()
        + " by "
        + approval.answeredBy()
        + " after "
        + Format.millis(durationMs);
  }

  static String hook(EventPayload.HookRan hook) {
    return "hook "
        + hook.phase()
        + " "
        + hook.toolName()
        + (hook.blocked() ? " BLOCKED" : "")
        + (hook.exitCode() == null ? "" : " (exit " + hook.exitCode() + ")")
        + "  $ "
        + Format.firstLine(hook.hook(), 80);
  }

  static String skill(EventPayload.SkillRun skill) {
    return "skill "
        + skill.skill()
        + " ("
        + skill.trigger()
        + ") without the model, "
        + (skill.exitCode() == null ? "killed" : "exit " + skill.exitCode())
        + "  $ "
        + Format.firstLine(skill.command(), 80);
  }

  static String compaction(EventPayload.Compaction compaction) {
    return "compacted "
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
}
