package dev.distillery.runtime.compact;

import dev.distillery.trace.Message;
import dev.distillery.trace.Usage;
import java.util.List;

/** Writes the summary that replaces older turns of a conversation. */
public interface Summarizer {
  /** What a summary call gave back and what it cost in tokens. */
  record Summary(String text, Usage usage) {}

  Summary summarize(List<Message> messages);
}
