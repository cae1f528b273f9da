package dev.distillery.annotate;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
    Run run = Runs.find(repository, client.ctx().pathParam("id"));
    long after =
        Math.max(
            after(client.ctx().queryParam("after")), after(client.ctx().header("Last-Event-ID")));
    Watcher watcher = new Watcher(client, run.id(), after);
    client.keepAlive();
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
      client.onClose(
          () -> {
            unwatch.run();
            beat.cancel(false);
          });
      scheduler.execute(watcher::catchUp);
    } else {
      ScheduledFuture<?> poll =
          scheduler.scheduleWithFixedDelay(
              watcher::catchUp, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
      client.onClose(() -> poll.cancel(false));
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
      if (client.terminated()) {
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
          send(step.seq(), step.html());
        }
      } catch (RuntimeException e) {
        client.close();
      }
    }

    /** Events just committed through ingest, in order. */
    void deliver(List<TraceEvent> events) {
      if (!ready || client.terminated()) {
        return;
      }
      try {
        for (TraceEvent event : events) {
          if (event.seq() <= last) {
            continue;
          }
          send(event.seq(), StepView.render(event, turn, List.of()));
          if (event.kind() == EventKind.MODEL_RESPONSE) {
            turn++;
          }
        }
      } catch (RuntimeException e) {
        client.close();
      }
    }

    void heartbeat() {
      if (!client.terminated()) {
        client.sendComment("alive");
      }
    }

    private void send(long seq, String html) {
      client.sendEvent("step", Json.write(Map.of("seq", seq, "html", html)), "" + seq);
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

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
