package dev.distillery.capture.otlp;

import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spans wait here, grouped by trace, until their trace is complete: a trace becomes one run (its id
 * the trace id) when its root span arrives, or, without a root, once no span of it came for the
 * idle time, or when the server stops. Spans of a trace already recorded are appended to its run; a
 * span sent again is recorded once.
 */
final class PendingTraces {
  private record Trace(Map<String, OtlpSpan> spans, long lastArrivalMillis) {}

  private final TraceSink sink;
  private final TraceRepository repository;
  private final Duration idle;
  private final Clock clock;
  private final Map<String, Trace> pending = new LinkedHashMap<>();

  PendingTraces(TraceSink sink, TraceRepository repository, Duration idle, Clock clock) {
    this.sink = sink;
    this.repository = repository;
    this.idle = idle;
    this.clock = clock;
  }

  /**
   * Takes the spans of one request; records the traces they complete, and the spans of traces
   * recorded before, in one write (all or none).
   */
  synchronized void add(List<OtlpSpan> spans) {
    Map<String, List<OtlpSpan>> byTrace = new LinkedHashMap<>();
    for (OtlpSpan span : spans) {
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }
    List<TraceEvent> batch = new ArrayList<>();
    List<String> complete = new ArrayList<>();
    for (Map.Entry<String, List<OtlpSpan>> trace : byTrace.entrySet()) {
      // one query: the events of the run this trace became, if it did (none for a new trace)
      List<TraceEvent> recorded =
          pending.containsKey(trace.getKey()) ? List.of() : repository.events(trace.getKey());
      if (!recorded.isEmpty()) {
        batch.addAll(late(trace.getKey(), trace.getValue(), recorded));
      } else if (hold(trace.getKey(), trace.getValue())) {
        complete.add(trace.getKey());
      }
    }
    write(complete, batch);
  }

  /** Records the traces that waited longer than the idle time for their root span. */
  synchronized void flushIdle() {
    long now = clock.millis();
    write(
        pending.entrySet().stream()
            .filter(trace -> now - trace.getValue().lastArrivalMillis() >= idle.toMillis())
            .map(Map.Entry::getKey)
            .toList(),
        new ArrayList<>());
  }

  /** Records every trace still waiting (the server stops). */
  synchronized void flushAll() {
    write(List.copyOf(pending.keySet()), new ArrayList<>());
  }

  synchronized int waiting() {
    return pending.size();
  }

  /** Keeps the spans; returns whether their trace is now complete (its root came). */
  private boolean hold(String traceId, List<OtlpSpan> spans) {
    Trace trace = pending.get(traceId);
    Map<String, OtlpSpan> held = trace == null ? new LinkedHashMap<>() : trace.spans();
    for (OtlpSpan span : spans) {
      held.putIfAbsent(span.spanId(), span);
    }
    pending.put(traceId, new Trace(held, clock.millis()));
    return held.values().stream().anyMatch(OtlpSpan::root);
  }

  /**
   * Writes these waiting traces as runs, with {@code batch} (late spans' events), in one write;
   * they stop waiting only once it is durable.
   */
  private void write(List<String> traceIds, List<TraceEvent> batch) {
    for (String traceId : traceIds) {
      batch.addAll(
          RunMapper.run(List.copyOf(pending.get(traceId).spans().values()), idle.toSeconds()));
    }
    if (!batch.isEmpty()) {
      sink.recordAll(batch);
    }
    traceIds.forEach(pending::remove);
  }

  /** The events of spans that came after their run was written; none for spans sent again. */
  private List<TraceEvent> late(String runId, List<OtlpSpan> spans, List<TraceEvent> events) {
    Set<String> known = new HashSet<>();
    for (TraceEvent event : events) {
      String[] parts = event.id().split("\\.");
      if (parts.length > 1) {
        known.add(parts[1]);
      }
    }
    Map<String, OtlpSpan> fresh = new LinkedHashMap<>();
    for (OtlpSpan span : spans) {
      if (!known.contains(span.spanId())) {
        fresh.putIfAbsent(span.spanId(), span);
      }
    }
    if (fresh.isEmpty()) {
      return List.of();
    }
    MapperState state = MapperState.of(events, repository.messages(runId));
    return RunMapper.late(runId, List.copyOf(fresh.values()), state);
  }
}
