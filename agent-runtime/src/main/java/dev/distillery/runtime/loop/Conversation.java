package dev.distillery.runtime.loop;

import dev.distillery.runtime.compact.Compactor;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A session's message log: every message in order, the window the next request holds (compaction
 * leaves old ones out), the stored index of each message recorded so far, and the last text the
 * model gave.
 */
final class Conversation {
  private final List<Message> log = new ArrayList<>();
  // positions in log of the messages the next request holds
  private final List<Integer> window = new ArrayList<>();
  // the stored index of each of the first indexes.size() messages; the rest are not stored yet
  private final List<Integer> indexes = new ArrayList<>();
  private int nextIndex;
  private String lastText;

  void append(Message message) {
    window.add(log.size());
    log.add(message);
  }

  /** Takes over a history's messages, stored indexes and last text. */
  void restore(History history) {
    for (Message message : history.messages()) {
      append(message);
    }
    indexes.addAll(history.indexes());
    nextIndex = history.nextIndex();
    lastText = history.lastText();
  }

  boolean isEmpty() {
    return log.isEmpty();
  }

  int size() {
    return log.size();
  }

  /** Completed steps: the model's messages so far. */
  int steps() {
    return (int) log.stream().filter(m -> m.role() == Role.ASSISTANT).count();
  }

  /** The first free index of the run's message log. */
  int nextIndex() {
    return nextIndex;
  }

  String lastText() {
    return lastText;
  }

  /** The answer the user got without a model call (a skill's command output). */
  void lastText(String text) {
    lastText = text;
  }

  /** The messages of the next request. */
  List<Message> windowMessages() {
    return window.stream().map(log::get).toList();
  }

  /**
   * The request as an event: the messages not stored yet are stored, numbered from the run's next
   * free index, and the context lists the stored index of each message in the window.
   */
  EventPayload.ModelRequest request(List<ToolSpec> tools, String parametersJson) {
    List<Message> appended = List.copyOf(log.subList(indexes.size(), log.size()));
    int firstIndex = nextIndex;
    for (int i = 0; i < appended.size(); i++) {
      indexes.add(nextIndex++);
    }
    List<Integer> context = window.stream().map(indexes::get).toList();
    return new EventPayload.ModelRequest(firstIndex, appended, context, tools, parametersJson);
  }

  /** Appends the model's reply, stored at {@link #nextIndex()}; its text becomes the last text. */
  void replied(Message reply) {
    append(reply);
    indexes.add(nextIndex++);
    if (reply.content() != null && !reply.content().isBlank()) {
      lastText = reply.content();
    }
  }

  /**
   * Condenses older turns when the next request would pass the context window's threshold; returns
   * the summary call's tokens when it did.
   */
  Optional<Compactor.Result> compact(ContextCompaction compaction, List<ToolSpec> tools) {
    Optional<Compactor.Result> done = compaction.apply(log, window, tools);
    done.ifPresent(
        result -> {
          log.addAll(result.added());
          window.clear();
          window.addAll(result.window());
        });
    return done;
  }

  /**
   * Why the next request cannot be sent, when it is over the context window; empty when it fits.
   */
  Optional<String> overflow(ContextCompaction compaction, List<ToolSpec> tools) {
    return compaction.overflow(log, window, tools);
  }
}
