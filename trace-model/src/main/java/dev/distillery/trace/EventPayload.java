package dev.distillery.trace;

import java.util.List;
import java.util.Objects;

/**
 * What an event says, one record per {@link EventKind}. Events come in pairs: {@link ModelRequest}
 * then {@link ModelResponse} or {@link Error}; {@link ToolCalled} then {@link ToolResult}; {@link
 * RunStarted} then {@link RunFinished}.
 */
public sealed interface EventPayload {
  EventKind kind();

  /** The user's request; committed before anything else happens in the run. */
  record RunStarted(RunSpec spec) implements EventPayload {
    public RunStarted {
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public EventKind kind() {
      return EventKind.RUN_STARTED;
    }
  }

  /** The loop moved from one state to the next (start, provision, model_call, ...). */
  record StateChanged(String from, String to) implements EventPayload {
    public StateChanged {
      Objects.requireNonNull(to, "to");
    }

    @Override
    public EventKind kind() {
      return EventKind.STATE_CHANGED;
    }
  }

  /**
   * What was sent to the model. Each message of a run is stored once: {@code appended} are the
   * messages new since the previous request, numbered from {@code firstIndex}; {@code context}
   * lists the indexes of every message this request held, in order. So the exact request is {@code
   * context} mapped through the run's messages.
   *
   * @param parametersJson sampling parameters and the like, as a JSON object text
   */
  record ModelRequest(
      int firstIndex,
      List<Message> appended,
      List<Integer> context,
      List<ToolSpec> tools,
      String parametersJson)
      implements EventPayload {
    public ModelRequest {
      appended = List.copyOf(appended);
      context = List.copyOf(context);
      tools = List.copyOf(tools);
      parametersJson = parametersJson == null || parametersJson.isBlank() ? "{}" : parametersJson;
    }

    @Override
    public EventKind kind() {
      return EventKind.MODEL_REQUEST;
    }
  }

  /**
   * What the model answered. The assistant message is stored once, as the run's message number
   * {@code index}; later requests refer to it by that index.
   *
   * @param costUsd null when the model's prices are unknown
   */
  record ModelResponse(
      int index, Message message, String finishReason, Usage usage, long latencyMs, Double costUsd)
      implements EventPayload {
    public ModelResponse {
      Objects.requireNonNull(message, "message");
      usage = usage == null ? Usage.ZERO : usage;
    }

    @Override
    public EventKind kind() {
      return EventKind.MODEL_RESPONSE;
    }
  }

  /** The loop is about to run a tool the model asked for. */
  record ToolCalled(String callId, String toolName, String argumentsJson) implements EventPayload {
    public ToolCalled {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(argumentsJson, "argumentsJson");
    }

    @Override
    public EventKind kind() {
      return EventKind.TOOL_CALL;
    }
  }

  /**
   * What a tool gave back; a failed call is data too ({@code isError}).
   *
   * @param exitCode the process exit code for command tools, else null
   * @param truncated whether the output was cut to its cap
   */
  record ToolResult(
      String callId,
      String toolName,
      String output,
      Integer exitCode,
      boolean truncated,
      boolean isError)
      implements EventPayload {
    public ToolResult {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(toolName, "toolName");
      output = output == null ? "" : output;
    }

    @Override
    public EventKind kind() {
      return EventKind.TOOL_RESULT;
    }
  }

  /** The task's check ran after the agent stopped. */
  record CheckFinished(CheckResult result) implements EventPayload {
    public CheckFinished {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public EventKind kind() {
      return EventKind.CHECK_RESULT;
    }
  }

  /**
   * Something went wrong. {@code errorType} is a short stable name ({@code rate_limited}, {@code
   * malformed_response}); {@code retryable} says whether trying again could help.
   */
  record Error(String errorType, String message, boolean retryable) implements EventPayload {
    public Error {
      Objects.requireNonNull(errorType, "errorType");
      message = message == null ? "" : message;
    }

    @Override
    public EventKind kind() {
      return EventKind.ERROR;
    }
  }

  /**
   * The run ended. {@code outcome} is a short machine word ({@code answered}, {@code turn_limit},
   * {@code model_error}); {@code reason} a sentence for people.
   *
   * @param check the task's check, or null when the run had none
   */
  record RunFinished(
      RunStatus status,
      String outcome,
      String reason,
      int turns,
      Usage usage,
      Double costUsd,
      CheckResult check)
      implements EventPayload {
    public RunFinished {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(outcome, "outcome");
      usage = usage == null ? Usage.ZERO : usage;
    }

    @Override
    public EventKind kind() {
      return EventKind.RUN_FINISHED;
    }
  }

  /**
   * A step of the run completed and can be continued from here. The conversation at this point is
   * derivable from the run's earlier events; the workspace is kept as a snapshot.
   *
   * @param step model turns completed in the run's history so far (0: provisioned, before the first
   *     model call)
   * @param messages how many messages the conversation holds at this point
   * @param snapshot where the workspace snapshot is kept (a directory), or null when none is kept
   * @param snapshotMode how the snapshot was made: {@code link}, {@code copy} or {@code off}
   */
  record Checkpoint(int step, int messages, String snapshot, String snapshotMode)
      implements EventPayload {
    public Checkpoint {
      Objects.requireNonNull(snapshotMode, "snapshotMode");
      if (step < 0 || messages < 0) {
        throw new IllegalArgumentException("step and messages must be >= 0");
      }
    }

    @Override
    public EventKind kind() {
      return EventKind.CHECKPOINT;
    }
  }

  /**
   * An interrupted run continues, in the same run: its events go on from the next seq number.
   *
   * @param checkpointId the checkpoint event it continues from, or null to start over
   * @param step the checkpoint's step (0 when starting over)
   * @param restored the snapshot the workspace was restored from, or null when none was
   * @param reason why the run had stopped (the interrupted run_finished's reason), or null
   */
  record RunResumed(String checkpointId, int step, String restored, String reason)
      implements EventPayload {
    @Override
    public EventKind kind() {
      return EventKind.RUN_RESUMED;
    }
  }
}
