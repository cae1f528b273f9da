package dev.distillery.runtime.loop;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A run's wall-clock time limit, enforced during a model call too: when the limit passes while the
 * call is in flight (or waiting out a back-off) the calling thread is interrupted, which cancels
 * the HTTP call, and the call ends as {@link Passed} rather than as an interrupt.
 */
final class Deadline {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "distillery-time-limit");
            thread.setDaemon(true);
            return thread;
          });

  private final Duration limit;
  private final long endNanos;

  /** A deadline {@code limit} after {@code startNanos}; none when {@code limit} is null. */
  Deadline(Duration limit, long startNanos) {
    this.limit = limit;
    this.endNanos = limit == null ? 0 : startNanos + limit.toNanos();
  }

  Duration limit() {
    return limit;
  }

  boolean passed() {
    return limit != null && System.nanoTime() - endNanos > 0;
  }

  /** The limit passed during a call, which was cancelled. */
  static final class Passed extends RuntimeException {
    Passed() {
      super("the time limit passed during a model call", null, false, false);
    }
  }

  /**
   * Runs {@code call}, cutting it when the limit passes first.
   *
   * @throws Passed when the limit passed while the call ran (the thread's interrupt is cleared)
   */
  <T> T bound(Supplier<T> call) {
    if (limit == null) {
      return call.get();
    }
    if (passed()) {
      throw new Passed();
    }
    Cutter cutter = new Cutter(Thread.currentThread());
    ScheduledFuture<?> timer =
        TIMER.schedule(cutter::cut, endNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    try {
      T result = call.get();
      if (cutter.disarm()) {
        Thread.interrupted(); // the answer came as the limit passed: keep it
      }
      return result;
    } catch (RuntimeException e) {
      if (cutter.disarm()) {
        Thread.interrupted();
        throw new Passed();
      }
      throw e;
    } finally {
      cutter.disarm();
      timer.cancel(false);
    }
  }

  /** Interrupts the caller once, and only while the call runs. */
  private static final class Cutter {
    private final Thread caller;
    private boolean armed = true;
    private boolean fired;

    Cutter(Thread caller) {
      this.caller = caller;
    }

    synchronized void cut() {
      if (armed) {
        fired = true;
        caller.interrupt();
      }
    }

    /** Stops further cuts; whether one was made. */
    synchronized boolean disarm() {
      armed = false;
      return fired;
    }
  }
}
