package dev.distillery.runtime.durable;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sink and repository in memory that keeps runs the way the store does: run_started makes the
 * run, run_finished ends it, run_resumed sets it running again. A sink that fails after a given
 * number of events stands for a process that died there.
 */
final class MemoryTraces implements TraceSink, TraceRepository {
  final List<TraceEvent> events = new ArrayList<>();
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private int failAfter = Integer.MAX_VALUE;
  private EventKind dieKind;
  private int dieLeft;

  /** The next {@code count} events are kept, then recording fails (the process "dies"). */
  MemoryTraces dieAfter(int count) {
    failAfter = events.size() + count;
    return this;
  }

  /**
   * Recording fails at the first event after the {@code nth} event of this kind from now: a death
   * at a point in the loop that does not move when other kinds of event are added.
   */
  MemoryTraces dieAfterThe(int nth, EventKind kind) {
    dieKind = kind;
    dieLeft = nth;
    return this;
  }

  MemoryTraces live() {
    failAfter = Integer.MAX_VALUE;
    dieKind = null;
    return this;
  }

  @Override
  public void record(TraceEvent event) {
    if (events.size() >= failAfter || (dieKind != null && dieLeft == 0)) {
      throw new IllegalStateException("killed");
    }
    events.add(event);
    if (event.kind() == dieKind) {
      dieLeft--;
    }
    EventPayload payload = event.payload();
    Run run = runs.get(event.runId());
    if (payload instanceof EventPayload.RunStarted started) {
      runs.put(
          event.runId(),
          new Run(
              event.runId(),
              started.spec(),
              RunStatus.RUNNING,
              null,
              null,
              event.timestamp(),
              null,
              0,
              null,
              null,
              null));
    } else if (payload instanceof EventPayload.RunFinished finished) {
      runs.put(
          event.runId(),
          new Run(
              run.id(),
              run.spec(),
              finished.status(),
              finished.outcome(),
              finished.reason(),
              run.startedAt(),
              event.timestamp(),
              finished.turns(),
              finished.usage(),
              finished.costUsd(),
              finished.check()));
    } else if (payload instanceof EventPayload.RunResumed) {
      runs.put(
          event.runId(),
          new Run(
              run.id(),
              run.spec(),
              RunStatus.RUNNING,
              null,
              null,
              run.startedAt(),
              null,
              run.turns(),
              run.usage(),
              run.costUsd(),
              run.check()));
    }
  }

  /** What the store does on open for a run whose process died: an interrupted run_finished. */
  void recover(String runId) {
    long seq = events(runId).size();
    live()
        .record(
            new TraceEvent(
                dev.distillery.trace.Ids.newId(),
                runId,
                null,
                seq,
                java.time.Instant.now(),
                null,
                new EventPayload.RunFinished(
                    RunStatus.INTERRUPTED,
                    "interrupted",
                    "the process died",
                    0,
                    null,
                    null,
                    null)));
  }

  String onlyRunId() {
    return runs.keySet().iterator().next();
  }

  @Override
  public List<Run> runs(RunFilter filter) {
    return List.copyOf(runs.values());
  }

  @Override
  public long countRuns(RunFilter filter) {
    return runs.size();
  }

  @Override
  public Optional<Run> run(String idOrPrefix) {
    return runs.values().stream().filter(r -> r.id().startsWith(idOrPrefix)).findFirst();
  }

  @Override
  public List<TraceEvent> events(String runId) {
    return events.stream().filter(e -> e.runId().equals(runId)).toList();
  }

  @Override
  public List<Message> messages(String runId) {
    TreeMap<Integer, Message> log = new TreeMap<>();
    for (TraceEvent event : events(runId)) {
      if (event.payload() instanceof EventPayload.ModelRequest request) {
        for (int i = 0; i < request.appended().size(); i++) {
          if (log.put(request.firstIndex() + i, request.appended().get(i)) != null) {
            throw new AssertionError("message " + (request.firstIndex() + i) + " stored twice");
          }
        }
      } else if (event.payload() instanceof EventPayload.ModelResponse response) {
        if (log.put(response.index(), response.message()) != null) {
          throw new AssertionError("message " + response.index() + " stored twice");
        }
      }
    }
    if (!log.isEmpty() && log.lastKey() != log.size() - 1) {
      throw new AssertionError("the message log has a gap: " + log.keySet());
    }
    return List.copyOf(log.values());
  }

  @Override
  public List<Run> family(String runId) {
    return List.copyOf(runs.values());
  }

  @Override
  public void annotate(Annotation annotation) {}

  @Override
  public List<Annotation> annotations(String runId) {
    return List.of();
  }
}
