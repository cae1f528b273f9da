package dev.distillery.annotate;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Server-sent events of one run: its steps after the last one sent go to the page as rendered steps
 * ({@code event: step}, {@code data: {"seq":..,"html":..}}). With ingest, each committed event is
 * pushed as it arrives and nothing is read again; without (the server does not write events), the
 * run is polled.
 */
final class EventStream implements AutoCloseable {
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final TraceRepository repository;
  private final Arrivals arrivals;
  private final Duration pollInterval;
  private final ScheduledExecutorService scheduler;

  /**
   * The pages' open streams. On stop each is closed while the server still runs: Javalin ends a
   * stream's request when the client is closed, and doing that after Jetty has recycled the request
   * spins Javalin's error handling forever (millions of log lines).
   */
  private final Set<SseClient> open = ConcurrentHashMap.newKeySet();

  private volatile boolean stopping;

  /**
   * @param pollInterval how often to read the run again, or null to rely on ingest's arrivals
   */
  EventStream(TraceRepository repository, Arrivals arrivals, Duration pollInterval) {
    this.repository = repository;
    this.arrivals = arrivals;
    this.pollInterval = pollInterval;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "distillery-event-stream");
              thread.setDaemon(true);
              return thread;
            });
  }

  void open(SseClient client) {
    if (stopping) {
      return;
    }
    Run run = Runs.find(repository, client.ctx().pathParam("id"));
    long after =
        Math.max(
            after(client.ctx().queryParam("after")), after(client.ctx().header("Last-Event-ID")));
    Watcher watcher = new Watcher(client, run.id(), after);
    client.keepAlive();
    open.add(client);
    List<Runnable> onClose = new CopyOnWriteArrayList<>();
    // registered before anything is scheduled: a first write that fails closes the client at once
    client.onClose(
        () -> {
          open.remove(client);
          onClose.forEach(Runnable::run);
        });
    if (pollInterval == null) {
      // watch first, then read once: an event committed in between is in the read, and its
      // arrival is skipped as already sent
      Runnable unwatch =
          arrivals.watch(run.id(), events -> scheduler.execute(() -> watcher.deliver(events)));
      ScheduledFuture<?> beat =
          scheduler.scheduleWithFixedDelay(
              watcher::heartbeat,
              HEARTBEAT.toMillis(),
              HEARTBEAT.toMillis(),
              TimeUnit.MILLISECONDS);
      onClose.add(unwatch);
      onClose.add(() -> beat.cancel(false));
      scheduler.execute(watcher::catchUp);
    } else {
      ScheduledFuture<?> poll =
          scheduler.scheduleWithFixedDelay(
              watcher::catchUp, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
      onClose.add(() -> poll.cancel(false));
    }
    if (client.terminated()) {
      // closed by a first write that failed before the cancels above were added
      onClose.forEach(Runnable::run);
    }
  }

  /** One open page's stream. Runs only on the scheduler's one thread. */
  private final class Watcher {
    private final SseClient client;
    private final String runId;
    private long last;
    private int turn = 1;
    private boolean ready;

    Watcher(SseClient client, String runId, long after) {
      this.client = client;
      this.runId = runId;
      this.last = after;
    }

    /** Reads the run and sends what the page has not seen. */
    void catchUp() {
      if (stopping || client.terminated()) {
        return;
      }
      try {
        List<TraceEvent> events = repository.events(runId);
        ready = true;
        turn = 1 + (int) events.stream().filter(e -> e.kind() == EventKind.MODEL_RESPONSE).count();
        if (events.isEmpty() || events.get(events.size() - 1).seq() <= last) {
          client.sendComment("waiting");
          return;
        }
        for (Timeline.Step step : Timeline.steps(events, repository.annotations(runId), last)) {
          send(step.seq(), step.html(), step.machinery());
        }
      } catch (RuntimeException e) {
        client.close();
      }
    }

    /** Events just committed through ingest, in order. */
    void deliver(List<TraceEvent> events) {
      if (stopping || !ready || client.terminated()) {
        return;
      }
      try {
        for (TraceEvent event : events) {
          if (event.seq() <= last) {
            continue;
          }
          send(event.seq(), StepView.render(event, turn, List.of()), Conversation.machinery(event));
          if (event.kind() == EventKind.MODEL_RESPONSE) {
            turn++;
          }
        }
      } catch (RuntimeException e) {
        client.close();
      }
    }

    void heartbeat() {
      if (!stopping && !client.terminated()) {
        client.sendComment("alive");
      }
    }

    private void send(long seq, String html, boolean machinery) {
      client.sendEvent(
          "step", Json.write(Map.of("seq", seq, "html", html, "machinery", machinery)), "" + seq);
      last = seq;
    }
  }

  private static long after(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw RefusedException.badRequest("after and Last-Event-ID must be a step number");
    }
  }

  /** Ends every open stream, then stops writing; called while the server is stopping. */
  @Override
  public void close() {
    stopping = true;
    // on the scheduler's thread, so that no step is half-written, and before Jetty stops
    Future<?> closed = scheduler.submit(() -> List.copyOf(open).forEach(SseClient::close));
    try {
      closed.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      // a stream that cannot be closed cleanly is dropped with the server
    } finally {
      scheduler.shutdownNow();
    }
  }
}
