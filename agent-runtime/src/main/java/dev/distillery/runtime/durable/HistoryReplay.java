package dev.distillery.runtime.durable;

import dev.distillery.runtime.loop.History;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a run's conversation at one of its checkpoints from its events: each model request names
 * the messages it sent, each response adds the reply, each tool result its tool message. A resume
 * goes back to the checkpoint it names, so the events a killed step left behind do not count.
 * Totals (turns, tokens, cost, the message log's length) count every event of the run.
 */
final class HistoryReplay {
  private final Map<Integer, Message> log = new HashMap<>();
  private final Map<String, State> saved = new HashMap<>();
  private State state = new State(new ArrayList<>(), new ArrayList<>());
  private boolean done;
  private int nextIndex;
  private int turns;
  private Usage usage = Usage.ZERO;
  private Double costUsd;

  private record State(List<Message> messages, List<Integer> indexes) {
    State copy() {
      return new State(new ArrayList<>(messages), new ArrayList<>(indexes));
    }
  }

  private HistoryReplay() {}

  /**
   * The conversation at checkpoint {@code checkpointId}, or an empty one when it is null.
   *
   * @param events all the run's events, in seq order
   */
  static History at(List<TraceEvent> events, String checkpointId) {
    HistoryReplay replay = new HistoryReplay();
    replay.done = checkpointId == null;
    for (TraceEvent event : events) {
      replay.apply(event, checkpointId);
    }
    return replay.history();
  }

  /**
   * Replays one event; a switch expression, so that a new kind is placed here by the compiler.
   *
   * @return whether the event has a part in the conversation
   */
  private boolean apply(TraceEvent event, String target) {
    return switch (event.kind()) {
      case MODEL_REQUEST -> {
        request((EventPayload.ModelRequest) event.payload());
        yield true;
      }
      case MODEL_RESPONSE -> {
        response((EventPayload.ModelResponse) event.payload());
        yield true;
      }
      case TOOL_RESULT -> {
        EventPayload.ToolResult result = (EventPayload.ToolResult) event.payload();
        if (!done) {
          state.messages().add(Message.tool(result.callId(), result.toolName(), result.output()));
        }
        yield true;
      }
      case CHECKPOINT -> {
        if (!done) {
          saved.put(event.id(), state.copy());
          done = event.id().equals(target);
        }
        yield true;
      }
      case RUN_RESUMED -> {
        if (!done) {
          State from = saved.get(((EventPayload.RunResumed) event.payload()).checkpointId());
          state = from == null ? new State(new ArrayList<>(), new ArrayList<>()) : from.copy();
        }
        yield true;
      }
      case RUN_STARTED,
          STATE_CHANGED,
          TOOL_CALL,
          CHECK_RESULT,
          ERROR,
          RUN_FINISHED,
          POLICY_DECISION,
          APPROVAL,
          HOOK_RESULT,
          SKILL_RUN,
          COMPACTION,
          EXAMPLES_RETRIEVED ->
          false;
    };
  }

  private void request(EventPayload.ModelRequest request) {
    for (int i = 0; i < request.appended().size(); i++) {
      store(request.firstIndex() + i, request.appended().get(i));
    }
    if (!done) {
      List<Message> sent = new ArrayList<>();
      for (int index : request.context()) {
        sent.add(log.get(index));
      }
      state = new State(sent, new ArrayList<>(request.context()));
    }
  }

  private void response(EventPayload.ModelResponse response) {
    store(response.index(), response.message());
    turns++;
    usage = usage.plus(response.usage());
    if (response.costUsd() != null) {
      costUsd = costUsd == null ? response.costUsd() : costUsd + response.costUsd();
    }
    if (!done) {
      state.messages().add(response.message());
      state.indexes().add(response.index());
    }
  }

  private void store(int index, Message message) {
    log.put(index, message);
    nextIndex = Math.max(nextIndex, index + 1);
  }

  private History history() {
    String lastText = null;
    for (Message message : state.messages()) {
      if (message.role() == Role.ASSISTANT
          && message.content() != null
          && !message.content().isBlank()) {
        lastText = message.content();
      }
    }
    return new History(
        state.messages(), state.indexes(), nextIndex, turns, usage, costUsd, lastText);
  }
}
