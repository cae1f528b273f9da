package dev.distillery.annotate;

import dev.distillery.trace.AmbiguousRunIdException;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records events sent by other processes, through the server's store. Checks each against what the
 * run already holds (it started, and each step comes after the last), commits the batch all or
 * none, then tells open pages. A step sent twice (a retry after a lost answer) is accepted once.
 */
final class Ingest {
  private static final int REMEMBERED_RUNS = 10_000;

  /** Where a run stands: its last step, or seq -1 before any. */
  private record Cursor(long lastSeq, String lastId) {
    static final Cursor NEW = new Cursor(-1, null);
  }

  /** What a batch did. */
  record Result(int committed, int duplicates) {}

  private final TraceSink sink;
  private final TraceRepository repository;
  private final Arrivals arrivals;
  private final Map<String, Cursor> cursors =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
          return size() > REMEMBERED_RUNS;
        }
      };

  Ingest(TraceSink sink, TraceRepository repository, Arrivals arrivals) {
    this.sink = sink;
    this.repository = repository;
    this.arrivals = arrivals;
  }

  /** A sink that records through this ingest: checked, durable, then shown on open pages. */
  TraceSink asSink() {
    return new TraceSink() {
      @Override
      public void record(TraceEvent event) {
        accept(List.of(event));
      }

      @Override
      public void recordAll(List<TraceEvent> events) {
        accept(events);
      }
    };
  }

  /**
   * @throws RefusedException 409 when an event does not fit its run; nothing of the batch is kept
   */
  synchronized Result accept(List<TraceEvent> events) {
    Map<String, Cursor> seen = new HashMap<>();
    List<TraceEvent> fresh = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      TraceEvent event = events.get(i);
      Cursor cursor = seen.computeIfAbsent(event.runId(), this::cursor);
      if (event.seq() == cursor.lastSeq() && event.id().equals(cursor.lastId())) {
        continue;
      }
      String problem = problem(event, cursor);
      if (problem != null) {
        throw new RefusedException(
            409,
            "event " + i + " (seq " + event.seq() + " of run " + event.runId() + "): " + problem);
      }
      seen.put(event.runId(), new Cursor(event.seq(), event.id()));
      fresh.add(event);
    }
    if (!fresh.isEmpty()) {
      write(fresh, seen);
    }
    return new Result(fresh.size(), events.size() - fresh.size());
  }

  private void write(List<TraceEvent> fresh, Map<String, Cursor> seen) {
    try {
      if (fresh.size() == 1) {
        sink.record(fresh.get(0));
      } else {
        sink.recordAll(fresh);
      }
    } catch (RuntimeException e) {
      seen.keySet().forEach(cursors::remove);
      throw e;
    }
    cursors.putAll(seen);
    arrivals.committed(fresh);
  }

  private static String problem(TraceEvent event, Cursor cursor) {
    boolean started = cursor.lastSeq() >= 0;
    if (event.kind() == EventKind.RUN_STARTED && started) {
      return "the run has already started";
    }
    if (event.kind() != EventKind.RUN_STARTED && !started) {
      return "no such run: send its run_started first";
    }
    if (event.seq() <= cursor.lastSeq()) {
      return "seq must come after the run's last step (" + cursor.lastSeq() + ")";
    }
    return null;
  }

  private Cursor cursor(String runId) {
    Cursor known = cursors.get(runId);
    if (known != null) {
      return known;
    }
    if (exactRun(runId).isEmpty()) {
      return Cursor.NEW;
    }
    List<TraceEvent> events = repository.events(runId);
    if (events.isEmpty()) {
      return new Cursor(0, null);
    }
    TraceEvent last = events.get(events.size() - 1);
    return new Cursor(last.seq(), last.id());
  }

  private Optional<Run> exactRun(String runId) {
    try {
      return repository.run(runId).filter(run -> run.id().equals(runId));
    } catch (AmbiguousRunIdException e) {
      return Optional.empty();
    }
  }
}
