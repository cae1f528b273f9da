package dev.distillery.export.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.util.List;

/**
 * A run's events as JSON, every field kept: {@code {id, seq, parent_id, kind, timestamp,
 * duration_ms, payload}}. Messages appear where they entered the run (a request's {@code appended},
 * a response's {@code message}), so the run's whole message log can be rebuilt from them.
 */
final class RawEvents {
  private RawEvents() {}

  static ArrayNode of(List<TraceEvent> events) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (TraceEvent event : events) {
      ObjectNode node = out.addObject();
      node.put("id", event.id());
      node.put("seq", event.seq());
      node.put("parent_id", event.parentId());
      node.put("kind", event.kind().wire());
      node.put("timestamp", event.timestamp().toString());
      node.put("duration_ms", event.durationMs());
      node.set("payload", payload(event.payload()));
    }
    return out;
  }

  /** Each kind's fields, in a switch expression so that a new kind is placed here. */
  private static ObjectNode payload(EventPayload payload) {
    ObjectNode node = Json.object();
    return switch (payload.kind()) {
      case RUN_STARTED -> spec(node, ((EventPayload.RunStarted) payload).spec());
      case STATE_CHANGED -> {
        EventPayload.StateChanged changed = (EventPayload.StateChanged) payload;
        yield node.put("from", changed.from()).put("to", changed.to());
      }
      case MODEL_REQUEST -> {
        EventPayload.ModelRequest request = (EventPayload.ModelRequest) payload;
        node.put("first_index", request.firstIndex());
        node.set("appended", Conversation.openAi(request.appended(), null));
        ArrayNode context = node.putArray("context");
        request.context().forEach(context::add);
        node.set("tools", Conversation.tools(request.tools()));
        yield node.put("parameters", request.parametersJson());
      }
      case MODEL_RESPONSE -> {
        EventPayload.ModelResponse response = (EventPayload.ModelResponse) payload;
        node.put("index", response.index());
        node.set("message", Conversation.openAi(List.of(response.message()), null).get(0));
        node.put("finish_reason", response.finishReason());
        usage(node, response.usage());
        node.put("latency_ms", response.latencyMs());
        yield node.put("cost_usd", response.costUsd());
      }
      case TOOL_CALL -> {
        EventPayload.ToolCalled call = (EventPayload.ToolCalled) payload;
        node.put("call_id", call.callId()).put("tool", call.toolName());
        yield node.put("arguments", call.argumentsJson());
      }
      case TOOL_RESULT -> {
        EventPayload.ToolResult result = (EventPayload.ToolResult) payload;
        node.put("call_id", result.callId()).put("tool", result.toolName());
        node.put("output", result.output()).put("exit_code", result.exitCode());
        yield node.put("truncated", result.truncated()).put("is_error", result.isError());
      }
      case CHECK_RESULT -> check(node, ((EventPayload.CheckFinished) payload).result());
      case ERROR -> {
        EventPayload.Error error = (EventPayload.Error) payload;
        node.put("error_type", error.errorType()).put("message", error.message());
        yield node.put("retryable", error.retryable());
      }
      case RUN_FINISHED -> finished(node, (EventPayload.RunFinished) payload);
      case POLICY_DECISION -> ControlEvents.fill(node, (EventPayload.PolicyDecision) payload);
      case APPROVAL -> ControlEvents.fill(node, (EventPayload.ApprovalAnswered) payload);
      case HOOK_RESULT -> ControlEvents.fill(node, (EventPayload.HookRan) payload);
      case SKILL_RUN -> ControlEvents.fill(node, (EventPayload.SkillRun) payload);
      case COMPACTION -> ControlEvents.fill(node, (EventPayload.Compaction) payload);
      case EXAMPLES_RETRIEVED -> ControlEvents.fill(node, (EventPayload.ExamplesRetrieved) payload);
      case CHECKPOINT -> {
        EventPayload.Checkpoint checkpoint = (EventPayload.Checkpoint) payload;
        node.put("step", checkpoint.step()).put("messages", checkpoint.messages());
        yield node.put("snapshot", checkpoint.snapshot())
            .put("snapshot_mode", checkpoint.snapshotMode());
      }
      case RUN_RESUMED -> {
        EventPayload.RunResumed resumed = (EventPayload.RunResumed) payload;
        node.put("checkpoint_id", resumed.checkpointId()).put("step", resumed.step());
        yield node.put("restored", resumed.restored()).put("reason", resumed.reason());
      }
    };
  }

  private static ObjectNode spec(ObjectNode node, RunSpec spec) {
    node.put("task_prompt", spec.taskPrompt());
    node.put("task_id", spec.taskId());
    node.put("suite_run_id", spec.suiteRunId());
    node.put("attempt", spec.attempt());
    node.put("model", spec.model());
    node.put("provider", spec.provider());
    node.put("mode", spec.mode());
    node.put("working_dir", spec.workingDirectory());
    node.put("parent_run_id", spec.parentRunId());
    node.put("parent_event_id", spec.parentEventId());
    return node.put("metadata", spec.metadataJson());
  }

  private static ObjectNode finished(ObjectNode node, EventPayload.RunFinished finished) {
    node.put("status", finished.status().wire());
    node.put("outcome", finished.outcome());
    node.put("reason", finished.reason());
    node.put("turns", finished.turns());
    usage(node, finished.usage());
    node.put("cost_usd", finished.costUsd());
    if (finished.check() == null) {
      node.putNull("check");
    } else {
      check(node.putObject("check"), finished.check());
    }
    return node;
  }

  private static ObjectNode check(ObjectNode node, CheckResult check) {
    node.put("status", check.status().wire());
    node.put("command", check.command());
    node.put("exit_code", check.exitCode());
    node.put("output", check.output());
    return node.put("duration_ms", check.durationMs());
  }

  private static void usage(ObjectNode node, Usage usage) {
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
  }
}
