package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.AnnotateServer;
import dev.distillery.annotate.IngestTarget;
import dev.distillery.annotate.IngestWire;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceEvent;
import io.javalin.Javalin;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve client against a real server on a port, writing into a real store. */
class IngestClientTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  @TempDir Path dir;
  DuckDbTraceStore store;
  Javalin app;

  @AfterEach
  void close() {
    if (app != null) {
      app.stop();
    }
    if (store != null) {
      store.close();
    }
  }

  private IngestClient serve(String token) {
    Path file = dir.resolve("t.duckdb");
    store = DuckDbTraceStore.open(file);
    app =
        AnnotateServer.create(
            store, null, new IngestTarget(store, file), new AnnotateOptions("tester", token));
    app.start("127.0.0.1", 0);
    return new IngestClient(base(), token, Duration.ofSeconds(10));
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + app.port() + "/");
  }

  /** A started run and {@code errors} error steps after it. */
  private static List<TraceEvent> run(String runId, String suite, int errors) {
    List<TraceEvent> events = new ArrayList<>();
    RunSpec spec =
        new RunSpec("p", "t-" + runId, suite, 1, "m", "scripted", "tools", null, null, null, null);
    events.add(
        new TraceEvent(runId + "-0", runId, null, 0, T0, null, new EventPayload.RunStarted(spec)));
    for (int i = 1; i <= errors; i++) {
      EventPayload error = new EventPayload.Error("rate_limited", "step " + i, true, List.of());
      events.add(new TraceEvent(runId + "-" + i, runId, null, i, T0.plusMillis(i), null, error));
    }
    return events;
  }

  @Test
  void should_commit_events_in_chunks_the_server_takes_before_returning() {
    IngestClient client = serve(null);
    List<TraceEvent> events = run("r1", null, IngestWire.MAX_EVENTS + 5);

    client.recordAll(events);

    assertEquals(events, store.events("r1"));
  }

  @Test
  void should_say_which_store_it_serves() {
    IngestClient client = serve(null);
    IngestClient.Health health = client.health();
    assertEquals(dir.resolve("t.duckdb").toAbsolutePath().normalize().toString(), health.store());
    assertEquals(ProcessHandle.current().pid(), health.pid());
    assertTrue(health.ingest());
  }

  @Test
  void should_name_the_server_and_its_reason_but_never_the_token_when_refused() {
    serve("s3cret");
    IngestClient wrong = new IngestClient(base(), "not-s3cret", Duration.ofSeconds(10));
    IngestException refused =
        assertThrows(IngestException.class, () -> wrong.recordAll(run("r2", null, 1)));
    assertEquals(401, refused.status());
    assertFalse(refused.unreachable());
    assertTrue(
        refused.getMessage().startsWith("distillery serve at " + base() + " refused /api/ingest: "),
        refused.getMessage());
    assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    assertEquals(List.of(), store.events("r2"));

    IngestClient right = new IngestClient(base(), "s3cret", Duration.ofSeconds(10));
    right.recordAll(run("r2", null, 1));
    assertEquals(2, store.events("r2").size());
  }

  @Test
  void should_say_the_server_did_not_answer_when_nothing_listens() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI gone = URI.create("http://127.0.0.1:" + port + "/");
    IngestClient client = new IngestClient(gone, null, Duration.ofSeconds(5));
    IngestException e = assertThrows(IngestException.class, client::health);
    assertTrue(e.unreachable());
    assertTrue(
        e.getMessage().startsWith("distillery serve at " + gone + " did not answer ("),
        e.getMessage());
  }

  @Test
  void should_read_a_suite_runs_and_pass_on_a_refused_query_through_the_api() {
    IngestClient client = serve(null);
    client.recordAll(run("s-a", "S", 1));
    client.recordAll(run("s-b", "S", 2));
    client.recordAll(run("o-c", "other", 1));

    assertEquals(
        store.runs(RunFilter.builder().suiteRunId("S").limit(10).build()), client.suiteRuns("S"));
    // this server has no SQL console: its reason comes through, without the server's name
    IngestException refused =
        assertThrows(IngestException.class, () -> client.sql("SELECT id FROM runs"));
    assertEquals("this server has no SQL console", refused.reason());
    assertTrue(refused.getMessage().contains("refused /api/sql: "), refused.getMessage());
  }
}
