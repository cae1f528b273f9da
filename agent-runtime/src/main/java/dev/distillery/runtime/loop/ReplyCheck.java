package dev.distillery.runtime.loop;

import dev.distillery.runtime.model.ChatReply;
import dev.distillery.trace.RunStatus;
import java.util.Optional;

/**
 * Replies that end a run as failed although the call succeeded: one cut at the model's length limit
 * ({@code truncated}: its text is incomplete and a tool call in it may be cut mid-argument, so its
 * tools are not run), and one with neither text nor a tool call ({@code empty_answer}).
 */
final class ReplyCheck {
  static final String TRUNCATED = "truncated";
  static final String EMPTY_ANSWER = "empty_answer";

  private ReplyCheck() {}

  static Optional<TurnResult> failed(ChatReply reply, String lastText, int turns) {
    boolean calls = !reply.message().toolCalls().isEmpty();
    if ("length".equals(reply.finishReason())) {
      String reason =
          calls
              ? "the model's reply was cut at its length limit (finish_reason length) while it"
                  + " wrote a tool call; the call was not run"
              : "the model's answer was cut at its length limit (finish_reason length)";
      return Optional.of(new TurnResult(RunStatus.FAILED, TRUNCATED, reason, lastText, turns));
    }
    String content = reply.message().content();
    if (!calls && (content == null || content.isBlank())) {
      return Optional.of(
          new TurnResult(
              RunStatus.FAILED,
              EMPTY_ANSWER,
              "the model answered with neither text nor a tool call (finish_reason "
                  + (reply.finishReason() == null ? "none" : reply.finishReason())
                  + ")",
              lastText,
              turns));
    }
    return Optional.empty();
  }
}
