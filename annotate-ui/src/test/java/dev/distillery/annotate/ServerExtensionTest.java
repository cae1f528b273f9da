package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routes another module adds: they record through the ingest, and are guarded for programs. */
class ServerExtensionTest {
  @TempDir Path dir;
  DuckDbTraceStore store;
  Javalin app;
  final HttpClient http = HttpClient.newHttpClient();
  final AtomicBoolean closed = new AtomicBoolean();

  /** Records a finished run named by the request's body. */
  final ServerExtension recordingRuns =
      new ServerExtension() {
        @Override
        public List<String> pathPrefixes() {
          return List.of("/x/");
        }

        @Override
        public void install(RoutesConfig routes, TraceSink sink, TraceRepository repository) {
          routes.post(
              "/x/runs",
              ctx -> {
                TestRuns.finished(
                    sink,
                    ctx.body(),
                    1,
                    TestRuns.spec("from a program", "m", null, null),
                    "ok",
                    null);
                ctx.json(repository.run(ctx.body()).orElseThrow().status());
              });
        }

        @Override
        public void close() {
          closed.set(true);
        }
      };

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void should_record_what_an_extension_sends_through_the_ingest_and_close_it_on_stop()
      throws Exception {
    serve(null);
    HttpResponse<String> answer = post("/x/runs", "application/json", "r1", null);
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("\"succeeded\"", answer.body());
    assertEquals(RunStatus.SUCCEEDED, store.run("r1").orElseThrow().status());
    app.stop();
    app = null;
    assertTrue(closed.get());
  }

  @Test
  void should_refuse_a_body_a_page_on_another_site_could_send_with_an_openai_style_error()
      throws Exception {
    serve(null);
    HttpResponse<String> answer = post("/x/runs", "text/plain", "r1", null);
    assertEquals(415, answer.statusCode());
    assertTrue(answer.body().contains("\"error\":{"), answer.body());
    assertTrue(answer.body().contains("application/json"), answer.body());
    assertTrue(store.run("r1").isEmpty());
  }

  @Test
  void should_take_the_servers_token_in_its_own_header_and_leave_authorization_to_the_client()
      throws Exception {
    serve("s3cret-token");
    assertEquals(401, post("/x/runs", "application/json", "r1", null).statusCode());
    // the Authorization header is the client's key for the upstream, not the server's token
    HttpRequest withBearer =
        HttpRequest.newBuilder(base("/x/runs"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer s3cret-token")
            .POST(HttpRequest.BodyPublishers.ofString("r1"))
            .build();
    assertEquals(401, http.send(withBearer, HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, post("/x/runs", "application/json", "r2", "s3cret-token").statusCode());
    assertTrue(store.run("r2").isPresent());
  }

  private void serve(String token) {
    Path file = dir.resolve("t.duckdb");
    store = DuckDbTraceStore.open(file);
    app =
        AnnotateServer.create(
            store,
            null,
            new IngestTarget(store, file),
            new AnnotateOptions("tester", token),
            List.of(recordingRuns));
    app.start("127.0.0.1", 0);
  }

  private HttpResponse<String> post(String path, String type, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base(path))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header(Guard.TOKEN_HEADER, token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI base(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }
}
