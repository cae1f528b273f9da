package dev.distillery.export.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.EventPayload;

/**
 * The raw export's fields for the harness's decisions: policy, approvals, hooks, skills,
 * compaction.
 */
final class ControlEvents {
  private ControlEvents() {}

  static void fill(ObjectNode node, EventPayload payload) {
    switch (payload.kind()) {
      case POLICY_DECISION -> {
        EventPayload.PolicyDecision decision = (EventPayload.PolicyDecision) payload;
        node.put("call_id", decision.callId()).put("tool", decision.toolName());
        node.put("decision", decision.decision()).put("rule", decision.rule());
        node.put("source", decision.source()).put("reason", decision.reason());
      }
      case APPROVAL -> {
        EventPayload.ApprovalAnswered approval = (EventPayload.ApprovalAnswered) payload;
        node.put("call_id", approval.callId()).put("tool", approval.toolName());
        node.put("granted", approval.granted()).put("answer", approval.answer());
        node.put("answered_by", approval.answeredBy());
      }
      case HOOK_RESULT -> {
        EventPayload.HookRan hook = (EventPayload.HookRan) payload;
        node.put("call_id", hook.callId()).put("tool", hook.toolName());
        node.put("phase", hook.phase()).put("hook", hook.hook());
        node.put("exit_code", hook.exitCode()).put("blocked", hook.blocked());
        node.put("message", hook.message());
      }
      case SKILL_RUN -> {
        EventPayload.SkillRun skill = (EventPayload.SkillRun) payload;
        node.put("skill", skill.skill()).put("trigger", skill.trigger());
        node.put("command", skill.command()).put("exit_code", skill.exitCode());
        node.put("output", skill.output()).put("truncated", skill.truncated());
      }
      case COMPACTION -> {
        EventPayload.Compaction compaction = (EventPayload.Compaction) payload;
        node.put("tokens_before", compaction.tokensBefore());
        node.put("tokens_after", compaction.tokensAfter());
        node.put("context_window", compaction.contextWindow());
        node.put("outputs_cut", compaction.outputsCut());
        node.put("messages_summarized", compaction.messagesSummarized());
        node.put("summary_index", compaction.summaryIndex());
        node.put("summary_prompt_tokens", compaction.summaryUsage().promptTokens());
        node.put("summary_completion_tokens", compaction.summaryUsage().completionTokens());
      }
      default -> {}
    }
  }
}
