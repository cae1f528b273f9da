package dev.distillery.runtime.loop;

import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.Usage;
import java.util.List;

/**
 * A conversation to start a session from: a resumed run's own, up to its last checkpoint, or the
 * part of a parent run that a fork takes over.
 *
 * @param messages the conversation, in order
 * @param indexes the stored index of each of the first {@code indexes.size()} messages in the run's
 *     message log; the messages after them are not stored yet (a fork stores them all anew)
 * @param nextIndex the first free index of the run's message log
 * @param turns model responses the run has recorded (a fork starts at 0)
 * @param usage tokens the run has used
 * @param costUsd what the run has cost, or null when unknown
 * @param lastText the last assistant text, or null
 */
public record History(
    List<Message> messages,
    List<Integer> indexes,
    int nextIndex,
    int turns,
    Usage usage,
    Double costUsd,
    String lastText) {
  public static final History EMPTY =
      new History(List.of(), List.of(), 0, 0, Usage.ZERO, null, null);

  public History {
    messages = List.copyOf(messages);
    indexes = List.copyOf(indexes);
    usage = usage == null ? Usage.ZERO : usage;
    if (indexes.size() > messages.size()) {
      throw new IllegalArgumentException("more stored indexes than messages");
    }
  }

  /** The same conversation, as a new run that has stored none of it and used nothing yet. */
  public History asNewRun() {
    return new History(messages, List.of(), 0, 0, Usage.ZERO, null, lastText);
  }

  /** Model turns since the last user message: they count toward the turn cap of its request. */
  int turnsSinceUser() {
    int count = 0;
    for (int i = messages.size() - 1; i >= 0 && messages.get(i).role() != Role.USER; i--) {
      if (messages.get(i).role() == Role.ASSISTANT) {
        count++;
      }
    }
    return count;
  }

  /** Whether the model already gave its final answer (its last message calls no tool). */
  boolean answered() {
    if (messages.isEmpty()) {
      return false;
    }
    Message last = messages.get(messages.size() - 1);
    return last.role() == Role.ASSISTANT && last.toolCalls().isEmpty();
  }
}
