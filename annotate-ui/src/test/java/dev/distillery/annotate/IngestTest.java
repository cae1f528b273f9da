package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other processes record through a real server on a port, into a real store. */
class IngestTest {
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
  void should_commit_each_event_sent_before_answering_and_store_it_unchanged() {
    IngestPost client = serve(null);
    List<TraceEvent> sent = new ArrayList<>();
    TraceSink checking =
        event -> {
          client.record(event);
          sent.add(event);
          // committed before the call returned: the server's store already has it
          assertEquals(sent, store.events(event.runId()));
        };
    TestRuns.finished(
        checking, "i1", 1, TestRuns.spec("sent from elsewhere", "gpt-a", "t1", null), "out", null);
    assertEquals(sent, store.events("i1"));
    assertEquals(RunStatus.SUCCEEDED, store.run("i1").orElseThrow().status());
    assertEquals(2, store.messages("i1").size() - 1);
  }

  @Test
  void should_refuse_a_bad_event_with_a_reason_and_keep_the_run_whole() throws Exception {
    IngestPost client = serve(null);
    TestRuns run = TestRuns.start(client, "i2", 2, TestRuns.spec("p", "m", null, null));
    run.toolTurn("ok");
    List<TraceEvent> before = store.events("i2");
    TraceEvent last = before.get(before.size() - 1);
    String good =
        event("e-good", "i2", last.seq() + 1, "error", "{\"errorType\":\"x\",\"retryable\":false}");

    assertRefused(post(event("e1", "i2", 9, "party", "{}")), 400, "unknown kind 'party'");
    assertRefused(
        post(
            event(
                "e2",
                "i2",
                9,
                "tool_result",
                "{\"toolName\":\"bash\",\"truncated\":false,\"isError\":false}")),
        400,
        "callId is required");
    assertRefused(
        post(event("e2b", "i2", 9, "tool_result", "{\"callId\":\"c\",\"toolName\":\"bash\"}")),
        400,
        "truncated");
    assertRefused(
        post(
            event("e3", "i2", 9, "error", "{\"errorType\":\"x\",\"retryable\":false,\"extra\":1}")),
        400,
        "extra");
    assertRefused(post("{\"events\":[{\"id\":\"e4\"}]}"), 400, "runId is required");
    assertRefused(post("[1,2]"), 400, "array 'events'");
    assertRefused(
        post(event("e5", "nope", 1, "error", "{\"errorType\":\"x\",\"retryable\":false}")),
        409,
        "no such run");
    assertRefused(
        post(event("e6", "i2", last.seq(), "error", "{\"errorType\":\"x\",\"retryable\":false}")),
        409,
        "after");
    assertRefused(
        post(event("e7", "i2", 0, "run_started", "{\"spec\":" + specJson() + "}")),
        409,
        "already started");
    // one good event and one bad: neither is kept
    String both =
        "{\"events\":["
            + inner(good)
            + ","
            + inner(event("e8", "i2", last.seq() + 2, "error", "{}"))
            + "]}";
    assertRefused(post(both), 400, "event 1");

    assertEquals(before, store.events("i2"));
    assertEquals(200, post(good).statusCode());
    assertEquals(before.size() + 1, store.events("i2").size());
  }

  @Test
  void should_keep_a_step_sent_twice_once() {
    IngestPost client = serve(null);
    TestRuns.start(client, "i3", 3, TestRuns.spec("p", "m", null, null));
    TraceEvent first = store.events("i3").get(0);
    client.record(first);
    assertEquals(1, store.events("i3").size());
  }

  @Test
  void should_refuse_ingest_without_the_token_or_from_another_site() throws Exception {
    serve("s3cret");
    IngestPost anonymous = new IngestPost(base(), null);
    IngestPost.Refused refused =
        assertThrows(
            IngestPost.Refused.class,
            () -> TestRuns.start(anonymous, "i4", 4, TestRuns.spec("p", "m", null, null)));
    assertEquals(401, refused.status);
    assertFalse(refused.getMessage().contains("s3cret"));

    IngestPost client = new IngestPost(base(), "s3cret");
    TestRuns.start(client, "i4", 4, TestRuns.spec("p", "m", null, null));
    HttpResponse<String> crossSite =
        http.send(
            HttpRequest.newBuilder(base().resolve("api/ingest"))
                .header("Authorization", "Bearer s3cret")
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        event("e9", "i4", 5, "error", "{\"errorType\":\"x\",\"retryable\":false}")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertRefused(crossSite, 403, "cross-site");
    assertEquals(1, store.events("i4").size());
  }

  @Test
  void should_refuse_a_body_over_the_size_limit() throws Exception {
    serve(null);
    String huge = "x".repeat(EventJson.MAX_BYTES + 1);
    HttpResponse<String> response =
        post(event("e10", "i5", 0, "error", "{\"errorType\":\"" + huge + "\"}"));
    assertEquals(413, response.statusCode(), response.body());
  }

  @Test
  void should_push_each_ingested_step_to_an_open_run_stream() throws Exception {
    IngestPost client = serve(null);
    TestRuns run = TestRuns.start(client, "i6", 6, TestRuns.spec("live", "m", null, null));
    run.toolTurn("first");
    long last = store.events("i6").get(store.events("i6").size() - 1).seq();
    BlockingQueue<String> lines = stream("api/runs/i6/events/stream?after=" + last);
    assertTrue(next(lines, l -> l.startsWith(":")).startsWith(":"), "the stream opened");
    run.add(null, null, new EventPayload.Error("rate_limited", "pushed <b>live</b>", true));
    String data = next(lines, l -> l.startsWith("data:"));
    assertTrue(data.contains("pushed &lt;b&gt;live&lt;/b&gt;"), data);
    assertTrue(data.contains("\"seq\":" + (last + 1)), data);
  }

  private IngestPost serve(String token) {
    Path file = dir.resolve("t.duckdb");
    store = DuckDbTraceStore.open(file);
    AnnotateOptions options = new AnnotateOptions("tester", token);
    app = AnnotateServer.create(store, null, new IngestTarget(store, file), options);
    app.start("127.0.0.1", 0);
    return new IngestPost(base(), token);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + app.port() + "/");
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base().resolve("api/ingest"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Lines of a server-sent event stream, read on a thread of their own. */
  private BlockingQueue<String> stream(String path) throws Exception {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(base().resolve(path))
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
              } catch (Exception e) {
                lines.add("closed: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String next(BlockingQueue<String> lines, java.util.function.Predicate<String> want)
      throws InterruptedException {
    while (true) {
      String line = lines.poll(10, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("no such line from the stream within 10 s");
      }
      if (want.test(line)) {
        return line;
      }
    }
  }

  private static String specJson() {
    return "{\"taskPrompt\":\"p\",\"attempt\":1,\"model\":\"m\",\"provider\":\"x\",\"mode\":\"agent\"}";
  }

  private static String event(String id, String runId, long seq, String kind, String payload) {
    return "{\"events\":[" + inner(id, runId, seq, kind, payload) + "]}";
  }

  private static String inner(String id, String runId, long seq, String kind, String payload) {
    return "{\"id\":\""
        + id
        + "\",\"runId\":\""
        + runId
        + "\",\"seq\":"
        + seq
        + ",\"timestamp\":\"2025-06-01T10:00:00Z\",\"kind\":\""
        + kind
        + "\",\"payload\":"
        + payload
        + "}";
  }

  private static String inner(String batch) {
    return batch.substring("{\"events\":[".length(), batch.length() - 2);
  }

  private static void assertRefused(HttpResponse<String> response, int status, String reason) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.body().contains(reason), response.body());
  }
}
