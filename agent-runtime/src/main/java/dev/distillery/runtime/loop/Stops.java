package dev.distillery.runtime.loop;

import dev.distillery.runtime.model.ModelException;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;

/**
 * How a request ends other than by an answer: an interrupt, a limit, a failed call. Each maps its
 * cause to a status, an outcome and a reason; those that close a call record the error event.
 */
final class Stops {
  private final RunRecorder recorder;
  private final Deadline deadline;
  private final Conversation conversation;

  Stops(RunRecorder recorder, Deadline deadline, Conversation conversation) {
    this.recorder = recorder;
    this.deadline = deadline;
    this.conversation = conversation;
  }

  TurnResult answered(int turns) {
    return new TurnResult(
        RunStatus.SUCCEEDED,
        "answered",
        "the model gave a final answer",
        conversation.lastText(),
        turns);
  }

  TurnResult interrupted(int turns) {
    return new TurnResult(
        RunStatus.INTERRUPTED,
        "interrupted",
        "the run was interrupted before it finished",
        conversation.lastText(),
        turns);
  }

  TurnResult timeLimit(int turns) {
    return budgetExceeded(
        "time_limit",
        "the run passed its time limit of " + deadline.limit().toSeconds() + "s",
        turns);
  }

  TurnResult budgetExceeded(String outcome, String reason, int turns) {
    return new TurnResult(
        RunStatus.BUDGET_EXCEEDED, outcome, reason, conversation.lastText(), turns);
  }

  TurnResult turnLimit(int maxTurns, int turns) {
    return budgetExceeded(
        "turn_limit",
        "the model was still calling tools after " + maxTurns + " turns (the turn cap)",
        turns);
  }

  /** The request is over the context window even after compaction. */
  TurnResult contextOverflow(String reason, int turns) {
    recorder.record(null, null, new EventPayload.Error("context_overflow", reason, false));
    return new TurnResult(
        RunStatus.FAILED, "context_overflow", reason, conversation.lastText(), turns);
  }

  /** A reply that ends the run although the call succeeded ({@link ReplyCheck}). */
  TurnResult unusable(TraceEvent response, TurnResult failed) {
    recorder.record(
        response.id(), null, new EventPayload.Error(failed.outcome(), failed.reason(), false));
    return failed;
  }

  /**
   * The time limit passed while {@code during} was in flight: the call was cancelled, and the
   * request (when there was one) is closed by an error event.
   */
  TurnResult timeLimitCut(TraceEvent request, int turns, String during) {
    String reason =
        "the run passed its time limit of "
            + deadline.limit().toSeconds()
            + "s during "
            + during
            + ", which was cancelled";
    recorder.record(
        request == null ? null : request.id(),
        null,
        new EventPayload.Error("time_limit", reason, false));
    return budgetExceeded("time_limit", reason, turns);
  }

  TurnResult modelFailed(TraceEvent request, ModelException e, int turns) {
    if (Thread.currentThread().isInterrupted()) {
      return interrupted(turns);
    }
    recorder.record(
        request.id(),
        e.elapsedMs(),
        new EventPayload.Error(e.errorType(), e.getMessage(), e.retryable(), e.retries()));
    if (e.retryable()) {
      // the client already retried: the provider is down, which is no fault of the run
      return new TurnResult(
          RunStatus.INTERRUPTED,
          "model_unavailable",
          "the model kept failing after retries ("
              + e.errorType()
              + "): "
              + e.getMessage()
              + "; distillery resume "
              + recorder.runId()
              + " continues it",
          conversation.lastText(),
          turns);
    }
    return modelError(e, turns);
  }

  TurnResult compactionFailed(ModelException e, int turns) {
    if (Thread.currentThread().isInterrupted()) {
      return interrupted(turns);
    }
    recorder.record(
        null,
        null,
        new EventPayload.Error(
            e.errorType(),
            "the summary call of compaction failed: " + e.getMessage(),
            e.retryable()));
    return modelError(e, turns);
  }

  private TurnResult modelError(ModelException e, int turns) {
    return new TurnResult(
        RunStatus.FAILED, "model_error", e.getMessage(), conversation.lastText(), turns);
  }
}
