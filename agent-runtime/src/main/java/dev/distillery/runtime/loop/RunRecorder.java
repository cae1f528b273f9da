package dev.distillery.runtime.loop;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import java.time.Clock;

/**
 * Numbers a run's events and hands each to the sink; returns once the sink made it durable. Also
 * records the loop's state transitions.
 */
final class RunRecorder {
  private final TraceSink sink;
  private final String runId;
  private final Clock clock;
  private long seq;
  private LoopState state;

  RunRecorder(TraceSink sink, String runId, Clock clock) {
    this(sink, runId, clock, 0);
  }

  /** Numbers from {@code firstSeq}: a resumed run's events go on after its recorded ones. */
  RunRecorder(TraceSink sink, String runId, Clock clock, long firstSeq) {
    this.sink = sink;
    this.runId = runId;
    this.clock = clock;
    this.seq = firstSeq;
  }

  long nextSeq() {
    return seq;
  }

  String runId() {
    return runId;
  }

  TraceEvent record(String parentId, Long durationMs, EventPayload payload) {
    TraceEvent event =
        new TraceEvent(Ids.newId(), runId, parentId, seq, clock.instant(), durationMs, payload);
    sink.record(event);
    seq++;
    return event;
  }

  void enter(LoopState next) {
    if (next == state) {
      return;
    }
    record(
        null,
        null,
        new EventPayload.StateChanged(state == null ? null : state.wire(), next.wire()));
    state = next;
  }
}
