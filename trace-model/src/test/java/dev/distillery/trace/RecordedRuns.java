package dev.distillery.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A run's row and message log folded from its events, as a store derives them: for fakes that keep
 * runs in memory and still answer {@link TraceRepositoryContract}.
 */
public final class RecordedRuns {
  private RecordedRuns() {}

  /** The run its events describe: running until a {@code run_finished} event says otherwise. */
  public static Run run(List<TraceEvent> events) {
    TraceEvent first = events.get(0);
    RunSpec spec = ((EventPayload.RunStarted) first.payload()).spec();
    for (TraceEvent event : events) {
      if (event.payload() instanceof EventPayload.RunFinished end) {
        return new Run(
            first.runId(),
            spec,
            end.status(),
            end.outcome(),
            end.reason(),
            first.timestamp(),
            event.timestamp(),
            end.turns(),
            end.usage(),
            end.costUsd(),
            end.check());
      }
    }
    return new Run(
        first.runId(),
        spec,
        RunStatus.RUNNING,
        null,
        null,
        first.timestamp(),
        null,
        0,
        Usage.ZERO,
        null,
        null);
  }

  /** The message log: each message where the request or response that brought it put it. */
  public static List<Message> messages(List<TraceEvent> events) {
    TreeMap<Integer, Message> byIndex = new TreeMap<>();
    for (TraceEvent event : events) {
      if (event.payload() instanceof EventPayload.ModelRequest request) {
        int index = request.firstIndex();
        for (Message message : request.appended()) {
          byIndex.putIfAbsent(index++, message);
        }
      } else if (event.payload() instanceof EventPayload.ModelResponse response) {
        byIndex.putIfAbsent(response.index(), response.message());
      }
    }
    return new ArrayList<>(byIndex.values());
  }
}
