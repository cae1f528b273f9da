package dev.distillery.runtime.compact;

import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import java.util.List;

/**
 * The size of a request in tokens, estimated at four characters a token plus a few tokens a message
 * (the scripted model's rule), so that compaction decides the same way on every machine and before
 * a call is made.
 */
public final class TokenEstimate {
  static final int PER_MESSAGE = 4;

  private TokenEstimate() {}

  public static long of(List<Message> messages, List<ToolSpec> tools) {
    long chars = 0;
    long count = 0;
    for (Message message : messages) {
      count++;
      chars += length(message.content());
      for (ToolCall call : message.toolCalls()) {
        chars += call.name().length() + call.argumentsJson().length();
      }
    }
    for (ToolSpec tool : tools) {
      chars += tool.name().length() + tool.description().length() + tool.parametersJson().length();
    }
    return (chars + 3) / 4 + count * PER_MESSAGE;
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
