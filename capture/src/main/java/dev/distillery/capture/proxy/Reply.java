package dev.distillery.capture.proxy;

import dev.distillery.trace.Message;
import dev.distillery.trace.Usage;
import java.util.Objects;

/**
 * The model's answer as the proxy records it: the assistant message (text, tool calls with their
 * arguments joined), why it stopped, and the tokens the upstream reported (zero when it sent none).
 */
record Reply(Message message, String finishReason, Usage usage) {
  Reply {
    Objects.requireNonNull(message, "message");
    usage = usage == null ? Usage.ZERO : usage;
  }
}
