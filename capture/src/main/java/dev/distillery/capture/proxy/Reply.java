package dev.distillery.capture.proxy;

import dev.distillery.trace.Message;
import dev.distillery.trace.Usage;
import java.util.Objects;

/**
 * The model's answer as the proxy records it: the assistant message (text, tool calls with their
 * arguments joined), why it stopped, and the tokens the upstream reported (zero when it sent none);
 * for the Responses API, the response's id, which a later request names to continue it.
 */
record Reply(Message message, String finishReason, Usage usage, String responseId) {
  Reply {
    Objects.requireNonNull(message, "message");
    usage = usage == null ? Usage.ZERO : usage;
  }

  Reply(Message message, String finishReason, Usage usage) {
    this(message, finishReason, usage, null);
  }
}
