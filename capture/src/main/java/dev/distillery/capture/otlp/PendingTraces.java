package dev.distillery.capture.otlp;

import dev.distillery.trace.AmbiguousRunIdException;
import dev.distillery.trace.Run;
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
import java.util.Optional;
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

  /** Takes the spans of one request; records the traces they complete. */
  synchronized void add(List<OtlpSpan> spans) {
    Map<String, List<OtlpSpan>> byTrace = new LinkedHashMap<>();
    for (OtlpSpan span : spans) {
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }
    for (Map.Entry<String, List<OtlpSpan>> trace : byTrace.entrySet()) {
      Optional<Run> recorded =
          pending.containsKey(trace.getKey()) ? Optional.empty() : run(trace.getKey());
      if (recorded.isPresent()) {
        appendLate(trace.getKey(), trace.getValue());
      } else {
        hold(trace.getKey(), trace.getValue());
      }
    }
  }

  /** Records the traces that waited longer than the idle time for their root span. */
  synchronized void flushIdle() {
    long now = clock.millis();
    for (String traceId : List.copyOf(pending.keySet())) {
      if (now - pending.get(traceId).lastArrivalMillis() >= idle.toMillis()) {
        write(traceId);
      }
    }
  }

  /** Records every trace still waiting (the server stops). */
  synchronized void flushAll() {
    for (String traceId : List.copyOf(pending.keySet())) {
      write(traceId);
    }
  }

  synchronized int waiting() {
    return pending.size();
  }

  private void hold(String traceId, List<OtlpSpan> spans) {
    Trace trace = pending.get(traceId);
    Map<String, OtlpSpan> held = trace == null ? new LinkedHashMap<>() : trace.spans();
    for (OtlpSpan span : spans) {
      held.putIfAbsent(span.spanId(), span);
    }
    pending.put(traceId, new Trace(held, clock.millis()));
    if (held.values().stream().anyMatch(OtlpSpan::root)) {
      write(traceId);
    }
  }

  private void write(String traceId) {
    Trace trace = pending.get(traceId);
    List<TraceEvent> events = RunMapper.run(List.copyOf(trace.spans().values()), idle.toSeconds());
    sink.recordAll(events);
    pending.remove(traceId);
  }

  private void appendLate(String runId, List<OtlpSpan> spans) {
    List<TraceEvent> events = repository.events(runId);
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
      return;
    }
    MapperState state = MapperState.of(events, repository.messages(runId));
    sink.recordAll(RunMapper.late(runId, List.copyOf(fresh.values()), state));
  }

  private Optional<Run> run(String traceId) {
    try {
      return repository.run(traceId).filter(run -> run.id().equals(traceId));
    } catch (AmbiguousRunIdException e) {
      return Optional.empty();
    }
  }
}
