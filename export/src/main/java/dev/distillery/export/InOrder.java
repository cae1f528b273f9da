package dev.distillery.export;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs tasks on a few threads and hands their results back on the submitting thread in the order
 * they were submitted, holding at most a fixed number in flight: an export makes rows in parallel
 * and still writes them in the runs' order, in bounded memory. A task's exception is thrown again
 * where its result would have been handed back.
 */
final class InOrder<T> implements AutoCloseable {
  private final ExecutorService pool;
  private final ArrayDeque<Future<T>> pending = new ArrayDeque<>();
  private final int window;

  InOrder(int threads, String name) {
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.window = threads * 16;
  }

  /**
   * Starts the task, then hands {@code done} every finished result at the head of the line, waiting
   * for the head while too many are in flight.
   */
  void submit(Callable<T> task, Consumer<T> done) {
    pending.add(pool.submit(task));
    while (!pending.isEmpty() && (pending.size() >= window || pending.peek().isDone())) {
      done.accept(take());
    }
  }

  /** Hands {@code done} every remaining result, in order. */
  void finish(Consumer<T> done) {
    while (!pending.isEmpty()) {
      done.accept(take());
    }
  }

  private T take() {
    Future<T> head = pending.poll();
    try {
      return head.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExportException("the export was interrupted", e);
    }
  }

  /** Stops the threads; results not handed back are dropped. */
  @Override
  public void close() {
    for (Future<T> future : pending) {
      future.cancel(true);
    }
    pending.clear();
    pool.shutdownNow();
  }
}
