package dev.distillery.runtime.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * A tool call waiting for a person.
 *
 * @param eventId the policy_decision event that asked (already in the trace)
 * @param reason why the policy asks (the rule's reason)
 * @param deadline when no answer becomes a no
 */
public record ApprovalRequest(
    String runId,
    String eventId,
    String callId,
    String toolName,
    String argumentsJson,
    String reason,
    Instant deadline) {
  public ApprovalRequest {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(deadline, "deadline");
  }
}
