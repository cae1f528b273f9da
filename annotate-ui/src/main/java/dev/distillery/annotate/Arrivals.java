package dev.distillery.annotate;

import dev.distillery.trace.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/** Events committed through ingest, handed to whoever watches their run (open run pages). */
final class Arrivals {
  private final Map<String, Set<Consumer<List<TraceEvent>>>> watchers = new ConcurrentHashMap<>();

  /** Starts telling {@code watcher} about the run's new events; the returned action stops it. */
  Runnable watch(String runId, Consumer<List<TraceEvent>> watcher) {
    watchers.computeIfAbsent(runId, id -> new CopyOnWriteArraySet<>()).add(watcher);
    return () ->
        watchers.computeIfPresent(
            runId,
            (id, set) -> {
              set.remove(watcher);
              return set.isEmpty() ? null : set;
            });
  }

  /** Called after the events are committed, in the order they were committed. */
  void committed(List<TraceEvent> events) {
    Map<String, List<TraceEvent>> byRun = new LinkedHashMap<>();
    for (TraceEvent event : events) {
      if (watchers.containsKey(event.runId())) {
        byRun.computeIfAbsent(event.runId(), id -> new ArrayList<>()).add(event);
      }
    }
    byRun.forEach(
        (runId, runEvents) ->
            watchers.getOrDefault(runId, Set.of()).forEach(w -> w.accept(List.copyOf(runEvents))));
  }

  boolean watched(String runId) {
    return watchers.containsKey(runId);
  }
}
