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
   * @param finishReason why the model stopped, as the provider said it ({@code stop}, {@code
   *     length}, {@code tool_calls}), or null when it did not say
   * @param latencyMs the call's whole time: every try and every wait between tries
   * @param costUsd null when the model's prices are unknown
   * @param retries the tries that failed before this answer came, oldest first (empty for most)
   */
  record ModelResponse(
      int index,
      Message message,
      String finishReason,
      Usage usage,
      long latencyMs,
      Double costUsd,
      List<Retry> retries)
      implements EventPayload {
    public ModelResponse {
      Objects.requireNonNull(message, "message");
      usage = usage == null ? Usage.ZERO : usage;
      retries = retries == null ? List.of() : List.copyOf(retries);
    }

    /** An answer that came at the first try. */
    public ModelResponse(
        int index,
        Message message,
        String finishReason,
        Usage usage,
        long latencyMs,
        Double costUsd) {
      this(index, message, finishReason, usage, latencyMs, costUsd, List.of());
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
   *
   * @param retries for a failed model call, the tries that failed before the last one (empty
   *     otherwise)
   */
  record Error(String errorType, String message, boolean retryable, List<Retry> retries)
      implements EventPayload {
    public Error {
      Objects.requireNonNull(errorType, "errorType");
      message = message == null ? "" : message;
      retries = retries == null ? List.of() : List.copyOf(retries);
    }

    /** An error that was not tried again. */
    public Error(String errorType, String message, boolean retryable) {
      this(errorType, message, retryable, List.of());
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
   * The policy gate's decision on one tool call, recorded after its {@link ToolCalled} and before
   * the tool runs (or is refused). An {@code ask} is followed by an {@link ApprovalAnswered}.
   *
   * @param decision {@code allow}, {@code deny} or {@code ask}
   * @param rule the rule that decided, as written in the policy ({@code bash command ~ sudo}), or
   *     null when no rule matched and the call is allowed
   * @param source where the rule came from: {@code bundled}, {@code config}, {@code approved}
   *     (allowed by an earlier "always"), {@code mode}, or null
   */
  record PolicyDecision(
      String callId, String toolName, String decision, String rule, String source, String reason)
      implements EventPayload {
    public PolicyDecision {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(decision, "decision");
    }

    @Override
    public EventKind kind() {
      return EventKind.POLICY_DECISION;
    }
  }

  /**
   * The answer to a policy {@code ask}; its parent is the {@link PolicyDecision} that asked, and
   * its duration how long the call waited.
   *
   * @param answer {@code yes}, {@code no}, {@code always}, {@code timeout}, or {@code unattended}
   *     (no one could be asked)
   * @param answeredBy who gave it: a user name, {@code --yes}, {@code policy}
   * @param via how a person answered: {@code terminal} or {@code browser} (under {@code serve});
   *     null when no person did
   */
  record ApprovalAnswered(
      String callId, String toolName, boolean granted, String answer, String answeredBy, String via)
      implements EventPayload {
    public ApprovalAnswered {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(answer, "answer");
    }

    /** An answer no person gave through a channel. */
    public ApprovalAnswered(
        String callId, String toolName, boolean granted, String answer, String answeredBy) {
      this(callId, toolName, granted, answer, answeredBy, null);
    }

    @Override
    public EventKind kind() {
      return EventKind.APPROVAL;
    }
  }

  /**
   * A hook ran before or after a tool call.
   *
   * @param phase {@code before_tool} or {@code after_tool}
   * @param hook the hook's name (a shell hook's command)
   * @param exitCode a shell hook's exit code, null for a Java hook or one killed for its time
   * @param blocked whether the hook blocked the call (exit code 2)
   * @param message what the hook said (stderr of a shell hook), possibly empty
   */
  record HookRan(
      String callId,
      String toolName,
      String phase,
      String hook,
      Integer exitCode,
      boolean blocked,
      String message)
      implements EventPayload {
    public HookRan {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(hook, "hook");
      message = message == null ? "" : message;
    }

    @Override
    public EventKind kind() {
      return EventKind.HOOK_RESULT;
    }
  }

  /**
   * The user's input matched a skill's trigger exactly, so the skill's command ran instead of a
   * model call.
   *
   * @param exitCode null when the command was killed for running too long
   */
  record SkillRun(
      String skill,
      String trigger,
      String command,
      Integer exitCode,
      String output,
      boolean truncated)
      implements EventPayload {
    public SkillRun {
      Objects.requireNonNull(skill, "skill");
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(command, "command");
      output = output == null ? "" : output;
    }

    @Override
    public EventKind kind() {
      return EventKind.SKILL_RUN;
    }
  }

  /**
   * The context was condensed before a model request: long tool outputs cut, then older turns
   * replaced by a model-written summary. The original messages stay in the run; the next {@link
   * ModelRequest}'s {@code context} leaves them out and holds the new ones instead.
   *
   * @param tokensBefore the estimated size of the request before
   * @param tokensAfter the estimated size after
   * @param outputsCut how many tool outputs were shortened
   * @param messagesSummarized how many messages the summary replaced (0 when cutting was enough)
   * @param summaryIndex the run message number of the summary, or null when there is none
   * @param summaryUsage the tokens the summary call used
   */
  record Compaction(
      long tokensBefore,
      long tokensAfter,
      long contextWindow,
      int outputsCut,
      int messagesSummarized,
      Integer summaryIndex,
      Usage summaryUsage)
      implements EventPayload {
    public Compaction {
      summaryUsage = summaryUsage == null ? Usage.ZERO : summaryUsage;
    }

    @Override
    public EventKind kind() {
      return EventKind.COMPACTION;
    }
  }

  /**
   * Worked examples were put in the run's system prompt ({@code --learn}), before its first model
   * request: which earlier runs teach this one.
   *
   * @param runs the example runs, in the order the prompt shows them
   * @param scores how alike each one's task is to this run's (0 to 1), in the same order
   * @param labels each one's effective label ({@code correct}, {@code incorrect})
   * @param scope which tasks' runs could teach ({@code same-task}, {@code other-tasks}, {@code
   *     all})
   * @param tokens the estimated size of the examples in the prompt
   * @param found how many runs the store offered before the token budget was applied
   */
  record ExamplesRetrieved(
      List<String> runs,
      List<Double> scores,
      List<String> labels,
      String scope,
      int tokens,
      int found)
      implements EventPayload {
    public ExamplesRetrieved {
      runs = List.copyOf(runs);
      scores = List.copyOf(scores);
      labels = List.copyOf(labels);
      Objects.requireNonNull(scope, "scope");
    }

    @Override
    public EventKind kind() {
      return EventKind.EXAMPLES_RETRIEVED;
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
