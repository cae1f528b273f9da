package dev.distillery.capture.proxy;

import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the proxy's events to the sink on a thread of its own, in the order they were made, so that
 * a client's answer never waits for the store: what comes within 10 ms of the first event (and what
 * queued up while the last write ran) goes in one write. {@link #flush} waits until everything
 * queued so far is durable; {@link #close} flushes and stops.
 */
final class EventWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);
  private static final List<TraceEvent> STOP = List.of();
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final int MAX_BATCH = 1_000;

  private final TraceSink sink;
  private final BlockingQueue<List<TraceEvent>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private long queued;
  private long written;

  EventWriter(TraceSink sink) {
    this.sink = sink;
    this.thread = new Thread(this::drain, "distillery-proxy-writer");
    thread.setDaemon(true);
    thread.start();
  }

  void write(List<TraceEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    synchronized (this) {
      queued++;
      queue.add(List.copyOf(events));
    }
  }

  /** Waits until every event written before this call is durable (or was refused and logged). */
  synchronized void flush() throws InterruptedException {
    long target = queued;
    while (written < target && thread.isAlive()) {
      wait(100);
    }
  }

  @Override
  public void close() {
    try {
      flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    queue.add(STOP);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    List<List<TraceEvent>> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(queue.take());
        // a commit costs milliseconds of CPU whatever it holds: gather what comes in the next few
        long until = System.nanoTime() + LINGER_NANOS;
        while (batch.get(batch.size() - 1) != STOP && batch.size() < MAX_BATCH) {
          List<TraceEvent> next = queue.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
      } catch (InterruptedException e) {
        return;
      }
      boolean stop = batch.remove(STOP);
      batch.removeIf(List::isEmpty);
      record(batch);
      synchronized (this) {
        written += batch.size();
        notifyAll();
      }
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  private void record(List<List<TraceEvent>> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<TraceEvent> all = new ArrayList<>();
    batch.forEach(all::addAll);
    try {
      sink.recordAll(all);
    } catch (RuntimeException e) {
      // one refused request must not cost the others theirs: try each on its own
      for (List<TraceEvent> events : batch) {
        try {
          sink.recordAll(events);
        } catch (RuntimeException refused) {
          LOG.warn(
              "the proxy could not record {} event(s) of run {}: {}",
              events.size(),
              events.get(0).runId(),
              refused.getMessage());
        }
      }
    }
  }
}
