package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import io.javalin.Javalin;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open run pages' streams end cleanly when the server stops, however busy they are. */
class EventStreamTest {
  @TempDir Path dir;
  DuckDbTraceStore store;
  Javalin app;
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    if (app != null) {
      app.stop();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void should_end_every_open_stream_and_its_thread_when_the_server_stops() throws Exception {
    store = DuckDbTraceStore.open(dir.resolve("t.duckdb"));
    TestRuns.finished(store, "r1", 1, TestRuns.spec("watched", "m", null, null), "done", null);
    // a page polls every millisecond: its writes race the stop as often as they can
    AnnotateOptions options = new AnnotateOptions("tester", null, List.of(), Duration.ofMillis(1));
    app = AnnotateServer.create(store, options);
    app.start("127.0.0.1", 0);
    List<CompletableFuture<String>> streams = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + app.port() + "/api/runs/r1/events/stream"))
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      InputStream body = response.body();
      assertTrue(body.read() >= 0, "the stream opened");
      streams.add(CompletableFuture.supplyAsync(() -> drain(body)));
    }
    app.stop();
    app = null;
    for (CompletableFuture<String> stream : streams) {
      assertEquals("ended", stream.get(30, TimeUnit.SECONDS));
    }
    // a stream closed after Jetty recycled its request kept this thread spinning for ever
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("distillery-event-stream")) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!thread.isAlive(), "the stream thread ended: " + thread.getState());
      }
    }
  }

  /** The store, whose reads of a run's events take 200 ms and go on when interrupted. */
  private record SlowReads(DuckDbTraceStore store) implements TraceRepository {
    @Override
    public List<TraceEvent> events(String runId) {
      List<TraceEvent> events = store.events(runId);
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      boolean interrupted = false;
      while (System.nanoTime() < until) {
        try {
          Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return events;
    }

    @Override
    public List<Run> runs(RunFilter filter) {
      return store.runs(filter);
    }

    @Override
    public long countRuns(RunFilter filter) {
      return store.countRuns(filter);
    }

    @Override
    public Optional<Run> run(String idOrPrefix) {
      return store.run(idOrPrefix);
    }

    @Override
    public List<Message> messages(String runId) {
      return store.messages(runId);
    }

    @Override
    public void annotate(Annotation annotation) {
      store.annotate(annotation);
    }

    @Override
    public List<Annotation> annotations(String runId) {
      return store.annotations(runId);
    }
  }

  private static String drain(InputStream body) {
    try (body) {
      body.transferTo(java.io.OutputStream.nullOutputStream());
      return "ended";
    } catch (java.io.IOException e) {
      return "ended";
    }
  }
}
