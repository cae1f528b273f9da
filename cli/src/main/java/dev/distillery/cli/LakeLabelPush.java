package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.lake.Lake;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve --lake}: the labels people make in the served copy of a lake flow back to it, as
 * {@code lake push-labels} does, every so often and once more when serve stops. Annotations are
 * appended, never updated, so a push that fails is simply made again by the next one.
 */
final class LakeLabelPush implements AutoCloseable {
  private final Lake lake;
  private final DuckDbTraceStore store;
  private final PrintWriter err;
  private final ScheduledExecutorService every;
  private boolean closed;

  private LakeLabelPush(Lake lake, DuckDbTraceStore store, Duration interval, PrintWriter err) {
    this.lake = lake;
    this.store = store;
    this.err = err;
    this.every =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "lake-labels");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, interval.toMillis());
    every.scheduleWithFixedDelay(this::push, millis, millis, TimeUnit.MILLISECONDS);
  }

  static LakeLabelPush start(
      Lake lake, DuckDbTraceStore store, Duration interval, PrintWriter err) {
    return new LakeLabelPush(lake, store, interval, err);
  }

  /** Pushes the labels the lake lacks now; returns how many (0 after a failure, said on stderr). */
  synchronized long push() {
    try {
      long pushed = lake.pushLabels(store);
      if (pushed > 0) {
        err.println("pushed " + pushed + " label(s) to lake " + lake.dir());
        err.flush();
      }
      return pushed;
    } catch (RuntimeException e) {
      err.println(
          "could not push labels to lake "
              + lake.dir()
              + " (tried again later): "
              + e.getMessage());
      err.flush();
      return 0;
    }
  }

  /** Stops the timer and pushes once more; the store must still be open. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    every.shutdownNow();
    push();
  }
}
