package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.AnnotateServer;
import dev.distillery.annotate.IngestTarget;
import dev.distillery.store.DuckDbTraceStore;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/approvals} on a real server: ask, pending, answer, refusal, timeout, guards. */
class ApprovalApiTest {
  static final String TOKEN = "s3cret-token";

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

  private IngestClient serve(boolean ingest) {
    Path file = dir.resolve("t.duckdb");
    store = DuckDbTraceStore.open(file);
    app =
        AnnotateServer.create(
            store,
            null,
            ingest ? new IngestTarget(store, file) : null,
            new AnnotateOptions("ada", TOKEN));
    app.start("127.0.0.1", 0);
    return new IngestClient(base(), TOKEN, Duration.ofSeconds(10));
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + app.port() + "/");
  }

  private HttpResponse<String> answer(String id, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve("api/approvals/" + id + "/answer"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode pending() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base().resolve("api/approvals"))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return Json.MAPPER.readTree(response.body()).path("approvals");
  }

  @Test
  void should_hold_an_ask_until_the_page_answers_and_say_who_answered() throws Exception {
    IngestClient client = serve(true);
    client.askApproval("ev1", "run1", "c1", "bash", "{\"command\":\"rm -rf x\"}", "deletes", 60);

    JsonNode list = pending();
    assertEquals(1, list.size());
    assertEquals("ev1", list.get(0).path("id").asText());
    assertEquals("run1", list.get(0).path("runId").asText());
    assertEquals("{\"command\":\"rm -rf x\"}", list.get(0).path("arguments").asText());
    assertEquals("pending", client.approval("ev1", 0).status());
    CompletableFuture<IngestClient.ApprovalStatus> waiting =
        CompletableFuture.supplyAsync(() -> client.approval("ev1", 20));
    HttpResponse<String> given =
        answer("ev1", "{\"answer\":\"always\"}", "Authorization", "Bearer " + TOKEN);
    IngestClient.ApprovalStatus status = waiting.get(20, TimeUnit.SECONDS);

    assertEquals(200, given.statusCode(), given.body());
    assertEquals("answered", status.status());
    assertEquals("always", status.answer());
    assertEquals("ada", status.answeredBy());
    assertEquals("browser", status.via());
    assertEquals(0, pending().size());
  }

  @Test
  void should_refuse_answers_that_are_unguarded_unknown_or_malformed() throws Exception {
    IngestClient client = serve(true);
    client.askApproval("ev2", "run1", "c1", "bash", "{}", "why", 60);
    String auth = "Bearer " + TOKEN;

    assertEquals(401, answer("ev2", "{\"answer\":\"yes\"}").statusCode(), "no token");
    assertEquals(
        403,
        answer(
                "ev2",
                "{\"answer\":\"yes\"}",
                "Authorization",
                auth,
                "Origin",
                "http://evil.example")
            .statusCode(),
        "another site");
    assertEquals(400, answer("ev2", "{\"answer\":\"maybe\"}", "Authorization", auth).statusCode());
    assertEquals(404, answer("nope", "{\"answer\":\"yes\"}", "Authorization", auth).statusCode());
    assertEquals(1, pending().size(), "still waiting after the refused answers");
    assertEquals(200, answer("ev2", "{\"answer\":\"no\"}", "Authorization", auth).statusCode());
    assertEquals(
        409,
        answer("ev2", "{\"answer\":\"yes\"}", "Authorization", auth).statusCode(),
        "answered once");
    IngestClient.ApprovalStatus status = client.approval("ev2", 0);
    assertEquals("no", status.answer());
  }

  @Test
  void should_stop_listing_an_ask_nobody_answered_in_time() throws Exception {
    IngestClient client = serve(true);
    client.askApproval("ev3", "run1", "c1", "bash", "{}", "why", 1);

    // the long poll returns at the ask's deadline, one second away
    IngestClient.ApprovalStatus status = client.approval("ev3", 5);

    assertEquals("timeout", status.status());
    assertEquals(0, pending().size());
    assertEquals(
        404,
        answer("ev3", "{\"answer\":\"yes\"}", "Authorization", "Bearer " + TOKEN).statusCode());
  }

  @Test
  void should_refuse_asks_where_nothing_records_through_the_server() {
    IngestClient client = serve(false);
    IngestException refused =
        assertThrows(
            IngestException.class,
            () -> client.askApproval("ev4", "run1", "c1", "bash", "{}", "why", 60));
    assertTrue(refused.getMessage().contains("no ingest"), refused.getMessage());
  }
}
