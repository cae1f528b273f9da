package dev.distillery.export.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.EventPayload;

/**
 * The raw export's fields for the harness's decisions: policy, approvals, hooks, skills,
 * compaction. Each fills the node it is given and returns it.
 */
final class ControlEvents {
  private ControlEvents() {}

  static ObjectNode fill(ObjectNode node, EventPayload.PolicyDecision decision) {
    node.put("call_id", decision.callId()).put("tool", decision.toolName());
    node.put("decision", decision.decision()).put("rule", decision.rule());
    return node.put("source", decision.source()).put("reason", decision.reason());
  }

  static ObjectNode fill(ObjectNode node, EventPayload.ApprovalAnswered approval) {
    node.put("call_id", approval.callId()).put("tool", approval.toolName());
    node.put("granted", approval.granted()).put("answer", approval.answer());
    return node.put("answered_by", approval.answeredBy());
  }

  static ObjectNode fill(ObjectNode node, EventPayload.HookRan hook) {
    node.put("call_id", hook.callId()).put("tool", hook.toolName());
    node.put("phase", hook.phase()).put("hook", hook.hook());
    node.put("exit_code", hook.exitCode()).put("blocked", hook.blocked());
    return node.put("message", hook.message());
  }

  static ObjectNode fill(ObjectNode node, EventPayload.SkillRun skill) {
    node.put("skill", skill.skill()).put("trigger", skill.trigger());
    node.put("command", skill.command()).put("exit_code", skill.exitCode());
    return node.put("output", skill.output()).put("truncated", skill.truncated());
  }

  static ObjectNode fill(ObjectNode node, EventPayload.Compaction compaction) {
    node.put("tokens_before", compaction.tokensBefore());
    node.put("tokens_after", compaction.tokensAfter());
    node.put("context_window", compaction.contextWindow());
    node.put("outputs_cut", compaction.outputsCut());
    node.put("messages_summarized", compaction.messagesSummarized());
    node.put("summary_index", compaction.summaryIndex());
    node.put("summary_prompt_tokens", compaction.summaryUsage().promptTokens());
    return node.put("summary_completion_tokens", compaction.summaryUsage().completionTokens());
  }

  static ObjectNode fill(ObjectNode node, EventPayload.ExamplesRetrieved examples) {
    ArrayNode runs = node.putArray("runs");
    examples.runs().forEach(runs::add);
    ArrayNode scores = node.putArray("scores");
    examples.scores().forEach(scores::add);
    ArrayNode labels = node.putArray("labels");
    examples.labels().forEach(labels::add);
    node.put("scope", examples.scope()).put("tokens", examples.tokens());
    return node.put("found", examples.found());
  }
}
