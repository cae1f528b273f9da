package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckStatus;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels from a trusted local client: a named author, withdrawals, and a file's rows at once. */
class LabelApiTest {
  @TempDir Path dir;
  DuckDbTraceStore store;

  @BeforeEach
  void record_two_runs() {
    store = DuckDbTraceStore.open(dir.resolve("t.duckdb"));
    TestRuns.finished(
        store, "r1", 1, TestRuns.spec("count", "gpt-a", "t1", "s1"), "a", CheckStatus.PASS);
    TestRuns.finished(
        store, "r2", 2, TestRuns.spec("fix", "gpt-a", "t2", "s1"), "b", CheckStatus.FAIL);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void should_take_a_named_author_only_from_a_client_that_sends_the_token() {
    String cookie = "distillery_token=s3cret";
    test(
        "s3cret",
        client -> {
          Response bearer =
              post(client, "/api/runs/r1/annotations", label("correct", "alice"), bearer());
          assertEquals(201, bearer.code());
          assertEquals("alice", json(bearer).get("author").asText());
          Response browser =
              post(
                  client,
                  "/api/runs/r1/annotations",
                  label("incorrect", "mallory"),
                  b -> b.header("Cookie", cookie));
          assertEquals(403, browser.code());
          assertTrue(json(browser).get("error").asText().contains("only a local client"));
          Response own =
              post(
                  client,
                  "/api/runs/r1/annotations",
                  "{\"label\":\"incorrect\"}",
                  b -> b.header("Cookie", cookie));
          assertEquals("tester", json(own).get("author").asText());
        });
    assertEquals(2, store.annotations("r1").size());
  }

  @Test
  void should_take_a_named_author_from_this_machine_when_the_server_has_no_token() {
    test(
        null,
        client ->
            assertEquals(
                "alice",
                json(post(client, "/api/runs/r1/annotations", label("correct", "alice"), null))
                    .get("author")
                    .asText()));
  }

  @Test
  void should_leave_a_withdrawn_label_out_of_the_list_the_run_and_the_agreement() {
    test(
        null,
        client -> {
          for (String run : new String[] {"r1", "r2"}) {
            post(client, "/api/runs/" + run + "/annotations", label("correct", "alice"), null);
          }
          post(client, "/api/runs/r1/annotations", label("incorrect", "bob"), null);
          post(client, "/api/runs/r2/annotations", label("correct", "bob"), null);
          assertEquals(1, json(client.get("/api/disagreements")).get("runs").size());
          assertEquals(2, json(client.get("/api/agreement?a=alice&b=bob")).get("runs").asInt());

          Response withdrawn =
              post(client, "/api/runs/r1/annotations", label(Annotation.WITHDRAWN, "bob"), null);
          assertEquals(201, withdrawn.code());

          assertEquals(0, json(client.get("/api/disagreements")).get("runs").size());
          JsonNode kappa = json(client.get("/api/agreement?a=alice&b=bob"));
          assertEquals(1, kappa.get("runs").asInt());
          assertEquals(1, kappa.get("agreements").asInt());
          JsonNode run = json(client.get("/api/runs/r1"));
          assertFalse(run.get("latest").has("bob"));
          assertEquals(3, run.get("annotations").size(), "the history keeps all three");
          JsonNode list = json(client.get("/api/runs?label=disputed"));
          assertEquals(0, list.get("total").asInt());
          Response tagged =
              post(
                  client,
                  "/api/runs/r2/annotations",
                  "{\"label\":\"withdrawn\",\"tags\":[\"looped\"]}",
                  null);
          assertEquals(400, tagged.code());
        });
  }

  @Test
  void should_check_every_imported_row_before_writing_and_skip_what_is_already_said() {
    String good =
        "{\"line\":1,\"run\":\"r1\",\"label\":\"correct\",\"author\":\"alice\",\"tags\":[\"x\"]},"
            + "{\"line\":2,\"run\":\"r2\",\"label\":\"incorrect\",\"author\":\"alice\"}";
    String bad = good + ",{\"line\":3,\"run\":\"nope\",\"label\":\"correct\",\"author\":\"bob\"}";
    test(
        null,
        client -> {
          Response refused = post(client, "/api/annotations/import", rows(bad), null);
          assertEquals(404, refused.code());
          assertEquals("line 3: no run nope", json(refused).get("error").asText());
          assertTrue(store.annotations("r1").isEmpty(), "nothing written");

          JsonNode first = json(post(client, "/api/annotations/import", rows(good), null));
          assertEquals(2, first.get("added").asInt());
          JsonNode again = json(post(client, "/api/annotations/import", rows(good), null));
          assertEquals(0, again.get("added").asInt());
          assertEquals(2, again.get("skipped").asInt());
        });
    assertEquals(1, store.annotations("r1").size());
  }

  @Test
  void should_record_a_judges_verdict_only_from_a_client_that_sends_the_token() {
    String verdict =
        "{\"id\":\"j1\",\"runId\":\"r1\",\"author\":\"judge:m\",\"model\":\"m\","
            + "\"rubricHash\":\"abc\",\"label\":\"incorrect\",\"tags\":[],"
            + "\"reason\":\"It stopped early.\",\"request\":\"{}\",\"response\":\"{}\"}";
    test(
        "s3cret",
        client -> {
          Response browser =
              post(
                  client,
                  "/api/judgements",
                  verdict,
                  b -> b.header("Cookie", "distillery_token=s3cret"));
          assertEquals(403, browser.code());
          Response guessed =
              post(
                  client,
                  "/api/judgements",
                  verdict,
                  b -> b.header("Authorization", "Bearer guess"));
          assertEquals(401, guessed.code(), "a wrong token is not let in at all");
          assertEquals(0, store.judgements("r1").size());
          assertEquals(0, store.annotations("r1").size());

          assertEquals(201, post(client, "/api/judgements", verdict, bearer()).code());
        });
    assertEquals(1, store.judgements("r1").size());
    assertEquals("judge:m", store.annotations("r1").get(0).author());
  }

  private static String rows(String rows) {
    return "{\"rows\":[" + rows + "]}";
  }

  private static String label(String label, String author) {
    return "{\"label\":\"" + label + "\",\"author\":\"" + author + "\"}";
  }

  private static Consumer<io.javalin.testtools.Request.Builder> bearer() {
    return b -> b.header("Authorization", "Bearer s3cret");
  }

  private void test(String token, Case body) {
    JavalinTest.test(
        AnnotateServer.create(store, new AnnotateOptions("tester", token)),
        (server, client) -> body.run(client));
  }

  private interface Case {
    void run(HttpClient client) throws Exception;
  }

  private static Response post(
      HttpClient client,
      String path,
      String body,
      Consumer<io.javalin.testtools.Request.Builder> extra) {
    return client.request(
        path,
        b -> {
          b.post(BodyPublishers.ofString(body)).header("Content-Type", "application/json");
          if (extra != null) {
            extra.accept(b);
          }
        });
  }

  private static JsonNode json(Response response) throws Exception {
    return Json.MAPPER.readTree(response.body().string());
  }
}
