package dev.distillery.capture.proxy;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.AnnotateServer;
import dev.distillery.annotate.IngestTarget;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceEvent;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A real serve on port 0: a store in a temp dir behind the annotation server, with the recording
 * proxy as its extension.
 */
final class ProxyServer implements AutoCloseable {
  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-12-04T12:00:00Z");

    synchronized void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final Path file;
  final DuckDbTraceStore store;
  final RecordingProxy proxy;
  final Javalin app;
  final HttpClient http = HttpClient.newHttpClient();
  private boolean stopped;

  ProxyServer(Path dir, ProxyOptions options, Clock clock, String token) {
    file = dir.resolve("proxy.duckdb");
    store = DuckDbTraceStore.open(file);
    proxy = new RecordingProxy(options, clock);
    app =
        AnnotateServer.create(
            store,
            null,
            new IngestTarget(store, file),
            new AnnotateOptions("tester", token),
            List.of(proxy));
    app.start("127.0.0.1", 0);
  }

  String base() {
    return "http://127.0.0.1:" + app.port() + "/v1";
  }

  HttpResponse<String> chat(String body, String... headerPairs) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The runs recorded so far, oldest first, once the proxy's writes are in. */
  List<Run> runs() throws InterruptedException {
    proxy.flush();
    List<Run> runs = new java.util.ArrayList<>(store.runs(RunFilter.latest(100)));
    java.util.Collections.reverse(runs);
    return runs;
  }

  List<EventKind> kinds(String runId) {
    return store.events(runId).stream().map(TraceEvent::kind).toList();
  }

  /** Stops the server (which ends the proxy's runs), leaving the store open to read. */
  void stop() {
    if (!stopped) {
      stopped = true;
      app.stop();
    }
  }

  @Override
  public void close() {
    stop();
    store.close();
  }
}
