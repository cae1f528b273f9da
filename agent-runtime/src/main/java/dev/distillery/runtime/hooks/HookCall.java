package dev.distillery.runtime.hooks;

import java.util.Objects;

/**
 * What a hook is told about a tool call; a shell hook gets it as JSON on stdin.
 *
 * @param argumentsJson the arguments exactly as the model wrote them
 * @param output the tool's output, for {@link HookPhase#AFTER_TOOL}; else null
 * @param isError whether the tool call failed, for {@link HookPhase#AFTER_TOOL}; else null
 */
public record HookCall(
    HookPhase phase,
    String runId,
    String callId,
    String toolName,
    String argumentsJson,
    String workingDirectory,
    String output,
    Boolean isError) {
  public HookCall {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(toolName, "toolName");
  }
}
