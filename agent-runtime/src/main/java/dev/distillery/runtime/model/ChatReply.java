package dev.distillery.runtime.model;

import dev.distillery.trace.Message;
import dev.distillery.trace.Retry;
import dev.distillery.trace.Role;
import dev.distillery.trace.Usage;
import java.util.List;
import java.util.Objects;

/**
 * What the model answered: an assistant message with text and/or tool calls.
 *
 * @param latencyMs the call's whole time, every try and every wait between tries included
 * @param retries the tries that failed before this answer, oldest first
 */
public record ChatReply(
    Message message, String finishReason, Usage usage, long latencyMs, List<Retry> retries) {
  /** An answer at the first try. */
  public ChatReply(Message message, String finishReason, Usage usage, long latencyMs) {
    this(message, finishReason, usage, latencyMs, List.of());
  }

  public ChatReply {
    Objects.requireNonNull(message, "message");
    if (message.role() != Role.ASSISTANT) {
      throw new IllegalArgumentException("a reply is an assistant message, not " + message.role());
    }
    usage = usage == null ? Usage.ZERO : usage;
    retries = retries == null ? List.of() : List.copyOf(retries);
  }
}
