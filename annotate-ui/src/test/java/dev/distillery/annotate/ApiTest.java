package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Ids;
import dev.distillery.trace.RunSpec;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {
  static final String XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>";

  @TempDir Path dir;
  DuckDbTraceStore store;

  @BeforeEach
  void record_four_runs() {
    store = DuckDbTraceStore.open(dir.resolve("t.duckdb"));
    TestRuns.finished(
        store,
        "r1",
        1,
        TestRuns.spec("count the files", "gpt-a", "t1", "s1"),
        "a\nb",
        CheckStatus.PASS);
    TestRuns.finished(
        store, "r2", 2, TestRuns.spec("fix the bug", "gpt-b", "t2", "s1"), XSS, CheckStatus.FAIL);
    TestRuns.finished(
        store,
        "r3",
        3,
        TestRuns.spec("Fix the other BUG", "gpt-a", "t2", "s2"),
        "ok",
        CheckStatus.FAIL);
    TestRuns.finished(store, "r4", 4, TestRuns.spec("100% done?", "gpt-b", null, null), "ok", null);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void should_say_where_a_run_came_from_on_its_page_and_mark_captured_runs_in_the_list() {
    RunSpec proxied =
        new RunSpec(
            "via the proxy", null, null, 1, "gpt-a", "openai", "proxy", "", null, null, "{}");
    TestRuns.finished(store, "p1", 5, proxied, "ok", null);
    RunSpec traced =
        new RunSpec("via OTLP", null, null, 1, "gpt-a", "openai", "otlp", "", null, null, "{}");
    TestRuns.finished(store, "o1", 6, traced, "ok", null);
    test(
        null,
        client -> {
          assertTrue(client.get("/runs/p1").body().string().contains("recording proxy"));
          assertTrue(client.get("/runs/o1").body().string().contains("OTLP traces"));
          assertTrue(
              client.get("/runs/r1").body().string().contains("Distillery agent (tools mode)"));
          String list = client.get("/").body().string();
          assertTrue(
              list.contains(
                  "<span class=\"badge source\" title=\"recording proxy\">proxy</span> via the proxy"),
              list);
          assertTrue(list.contains(">otlp</span> via OTLP"), list);
          assertFalse(list.contains(">tools</span>"), "native runs carry no badge");
        });
  }

  @Test
  void should_show_the_tree_of_forks_and_retries_on_the_run_page() {
    TestRuns.finished(
        store,
        "r5",
        5,
        TestRuns.spec("count the files", "gpt-a", "t1", null)
            .forkedAt("r1", "e-" + XSS, "again", "/f"),
        "x",
        CheckStatus.FAIL);
    TestRuns.finished(
        store,
        "r6",
        6,
        TestRuns.spec("count the files", "gpt-a", "t1", null).retriedAs("r5", 2, "/r"),
        "x",
        CheckStatus.PASS);
    test(
        null,
        client -> {
          String page = client.get("/runs/r5").body().string();
          assertTrue(page.contains("Forks and retries"), page);
          assertTrue(page.contains("href=\"/runs/r1\""), "the parent is linked");
          assertTrue(page.contains("href=\"/runs/r6\""), "the retry below is linked");
          assertTrue(page.contains("fork at e-&lt;script&gt;"), "the event id is escaped");
          assertFalse(page.contains("e-<script>"));
          assertFalse(client.get("/runs/r2").body().string().contains("Forks and retries"));
        });
  }

  @Test
  void should_filter_by_check_outcome_and_page_with_the_total_count() {
    test(
        null,
        client -> {
          JsonNode first = json(client.get("/api/runs?check=fail&size=1"));
          assertEquals(2, first.get("total").asLong());
          assertEquals(List.of("r3"), ids(first));
          assertEquals(List.of("r2"), ids(json(client.get("/api/runs?check=fail&size=1&page=2"))));
          assertEquals(List.of("r4"), ids(json(client.get("/api/runs?check=no_check"))));
          assertEquals(List.of("r3", "r1"), ids(json(client.get("/api/runs?model=gpt-a"))));
          assertEquals(List.of("r2"), ids(json(client.get("/api/runs?suite=s1&status=failed"))));
          assertEquals(List.of("r3", "r2"), ids(json(client.get("/api/runs?task=t2"))));
        });
  }

  @Test
  void should_search_prompts_without_case_and_take_like_wildcards_literally() {
    test(
        null,
        client -> {
          assertEquals(List.of("r3", "r2"), ids(json(client.get("/api/runs?q=fix"))));
          assertEquals(List.of("r4"), ids(json(client.get("/api/runs?q=100%25"))));
          assertEquals(0, json(client.get("/api/runs?q=_ix")).get("total").asLong());
        });
  }

  @Test
  void should_search_outputs_as_well_as_prompts() {
    test(
        null,
        client -> {
          // r2's tool printed the script tag; r1's check said pass
          assertEquals(List.of("r2"), ids(json(client.get("/api/runs?q=ONERROR"))));
          // regular-expression characters are taken literally
          assertEquals(List.of("r2"), ids(json(client.get("/api/runs?q=(1)%3C/script"))));
          assertEquals(0, json(client.get("/api/runs?q=alert.1")).get("total").asLong());
          assertEquals(List.of("r1"), ids(json(client.get("/api/runs?q=said%20pass"))));
          assertEquals(List.of("r3", "r2"), ids(json(client.get("/api/runs?q=fix&check=fail"))));
        });
  }

  @Test
  void should_filter_by_a_failure_tag_and_label_the_page_in_one_read() {
    store.annotate(
        new Annotation(
            Ids.newId(),
            "r3",
            null,
            "alice",
            "incorrect",
            List.of("looped", "gave up"),
            null,
            Instant.parse("2025-07-01T00:00:00Z")));
    label("r1", "bob", "correct", Instant.parse("2025-07-01T00:00:00Z"));
    test(
        null,
        client -> {
          JsonNode looped = json(client.get("/api/runs?tag=looped"));
          assertEquals(List.of("r3"), ids(looped));
          assertEquals("incorrect", looped.get("runs").get(0).get("labels").get("alice").asText());
          assertEquals(List.of("r3"), ids(json(client.get("/api/runs?tag=gave%20up"))));
          assertEquals(0, json(client.get("/api/runs?tag=loop")).get("total").asLong());
          JsonNode all = json(client.get("/api/runs"));
          assertEquals("correct", all.get("runs").get(3).get("labels").get("bob").asText());
          assertTrue(all.get("runs").get(0).get("labels").isEmpty());
          String page = client.get("/?tag=looped").body().string();
          assertTrue(page.contains("alice=incorrect"), page);
        });
  }

  @Test
  void should_sort_by_age_tokens_turns_cost_and_length() {
    TestRuns big = TestRuns.start(store, "r5", 0, TestRuns.spec("big one", "gpt-a", "t9", null));
    big.add(
        null,
        null,
        new dev.distillery.trace.EventPayload.RunFinished(
            dev.distillery.trace.RunStatus.SUCCEEDED,
            "answered",
            "done",
            7,
            new dev.distillery.trace.Usage(5_000, 900),
            0.5,
            null));
    test(
        null,
        client -> {
          assertEquals(
              List.of("r5", "r1", "r2", "r3", "r4"),
              ids(json(client.get("/api/runs?sort=oldest"))));
          assertEquals("r5", ids(json(client.get("/api/runs?sort=most_tokens"))).get(0));
          assertEquals("r5", ids(json(client.get("/api/runs?sort=most_turns"))).get(0));
          assertEquals("r5", ids(json(client.get("/api/runs?sort=costliest"))).get(0));
          assertEquals(
              List.of("r4", "r3", "r2", "r1", "r5"),
              ids(json(client.get("/api/runs?sort=newest"))));
          assertEquals(5, ids(json(client.get("/api/runs?sort=longest"))).size());
          assertEquals(400, client.get("/api/runs?sort=sideways").code());
          String page = client.get("/?sort=oldest").body().string();
          assertTrue(page.indexOf("big one") < page.indexOf("count the files"), "oldest first");
        });
  }

  @Test
  void should_show_how_a_run_that_did_not_succeed_ended_in_the_list() {
    TestRuns cut = TestRuns.start(store, "r5", 0, TestRuns.spec("long essay", "gpt-a", null, null));
    cut.add(
        null,
        null,
        new dev.distillery.trace.EventPayload.RunFinished(
            dev.distillery.trace.RunStatus.FAILED,
            "truncated",
            "the model's answer was cut at its length limit (finish_reason length)",
            1,
            new dev.distillery.trace.Usage(50, 4_000),
            null,
            null));
    test(
        null,
        client -> {
          String page = client.get("/").body().string();
          assertTrue(page.contains("<span class=\"muted outcome\">truncated</span>"), page);
          assertFalse(page.contains("outcome\">answered"), "a plain answer needs no word");
        });
  }

  @Test
  void should_filter_by_each_annotators_latest_label() {
    label("r1", "alice", "incorrect", Instant.parse("2025-07-01T00:00:00Z"));
    label("r1", "alice", "correct", Instant.parse("2025-07-02T00:00:00Z"));
    label("r2", "alice", "incorrect", Instant.parse("2025-07-01T00:00:00Z"));
    label("r2", "bob", "correct", Instant.parse("2025-07-01T00:00:00Z"));
    label("r3", "bob", "incorrect", Instant.parse("2025-07-01T00:00:00Z"));
    test(
        null,
        client -> {
          assertEquals(List.of("r4"), ids(json(client.get("/api/runs?label=unlabelled"))));
          assertEquals(
              List.of("r3", "r2", "r1"), ids(json(client.get("/api/runs?label=labelled"))));
          assertEquals(List.of("r1"), ids(json(client.get("/api/runs?label=correct"))));
          assertEquals(List.of("r3"), ids(json(client.get("/api/runs?label=incorrect"))));
          assertEquals(List.of("r2"), ids(json(client.get("/api/runs?label=disputed"))));
          JsonNode disagreements = json(client.get("/api/disagreements"));
          assertEquals("r2", disagreements.get("runs").get(0).get("runId").asText());
          assertEquals("bob", disagreements.get("annotators").get(1).asText());
        });
  }

  @Test
  void should_refuse_an_unknown_filter_value_with_a_reason() {
    test(
        null,
        client -> {
          Response response = client.get("/api/runs?check=maybe");
          assertEquals(400, response.code());
          assertTrue(json(response).get("error").asText().contains("check"));
          assertEquals(400, client.get("/api/runs?size=100000").code());
        });
  }

  @Test
  void should_keep_the_history_when_a_label_changes_and_show_the_latest() {
    test(
        null,
        client -> {
          assertEquals(
              201,
              post(client, "/api/runs/r1/annotations", "{\"label\":\"correct\"}", null).code());
          assertEquals(
              201,
              post(
                      client,
                      "/api/runs/r1/annotations",
                      "{\"label\":\"incorrect\",\"tags\":[\"gave up\",\"my new tag\"],\"comment\":\"stopped early\"}",
                      null)
                  .code());
          JsonNode annotations = json(client.get("/api/runs/r1/annotations"));
          assertEquals(2, annotations.get("history").size());
          assertEquals("correct", annotations.get("history").get(0).get("label").asText());
          JsonNode latest = annotations.get("latest").get("tester");
          assertEquals("incorrect", latest.get("label").asText());
          assertEquals("my new tag", latest.get("tags").get(1).asText());
          assertEquals("stopped early", latest.get("comment").asText());
        });
    assertEquals(2, store.annotations("r1").size());
  }

  @Test
  void should_flag_a_single_step_of_the_run() {
    String eventId = store.events("r1").get(3).id();
    test(
        null,
        client -> {
          Response response =
              post(
                  client,
                  "/api/runs/r1/annotations",
                  "{\"eventId\":\"" + eventId + "\",\"tags\":[\"wrong step\"]}",
                  null);
          assertEquals(201, response.code());
          assertTrue(client.get("/runs/r1").body().string().contains("wrong step"));
        });
    assertEquals(eventId, store.annotations("r1").get(0).eventId());
  }

  @Test
  void should_refuse_a_bad_annotation_body_with_a_reason() {
    test(
        null,
        client -> {
          assertRefused(
              post(client, "/api/runs/r1/annotations", "{\"label\":\"maybe\"}", null),
              400,
              "label");
          assertRefused(post(client, "/api/runs/r1/annotations", "{\"label\":", null), 400, "JSON");
          assertRefused(post(client, "/api/runs/r1/annotations", "[1]", null), 400, "object");
          assertRefused(
              post(client, "/api/runs/r1/annotations", "{\"rating\":5}", null), 400, "rating");
          assertRefused(
              post(client, "/api/runs/r1/annotations", "{\"tags\":[1]}", null), 400, "tags");
          assertRefused(post(client, "/api/runs/r1/annotations", "{}", null), 400, "label");
          assertRefused(
              post(
                  client,
                  "/api/runs/r1/annotations",
                  "{\"eventId\":\"nope\",\"comment\":\"x\"}",
                  null),
              400,
              "nope");
          assertRefused(
              post(
                  client,
                  "/api/runs/r1/annotations",
                  "{\"comment\":\"" + "x".repeat(20_000) + "\"}",
                  null),
              413,
              "larger");
          assertRefused(
              post(client, "/api/runs/zzz/annotations", "{\"label\":\"correct\"}", null),
              404,
              "zzz");
          Response form =
              client.request(
                  "/api/runs/r1/annotations",
                  b ->
                      b.post(BodyPublishers.ofString("label=correct"))
                          .header("Content-Type", "application/x-www-form-urlencoded"));
          assertEquals(415, form.code());
        });
    assertTrue(store.annotations("r1").isEmpty());
  }

  @Test
  void should_refuse_a_cross_site_post() {
    test(
        null,
        client -> {
          assertRefused(
              post(
                  client,
                  "/api/runs/r1/annotations",
                  "{\"label\":\"correct\"}",
                  b -> b.header("Origin", "https://evil.example")),
              403,
              "cross-site");
          assertRefused(
              post(
                  client,
                  "/api/runs/r1/annotations",
                  "{\"label\":\"correct\"}",
                  b -> b.header("Sec-Fetch-Site", "cross-site")),
              403,
              "cross-site");
          String own = client.getOrigin();
          Response sameSite =
              post(
                  client,
                  "/api/runs/r1/annotations",
                  "{\"label\":\"correct\"}",
                  b -> b.header("Origin", own).header("Sec-Fetch-Site", "same-origin"));
          assertEquals(201, sameSite.code(), sameSite.body().string());
        });
    assertEquals(1, store.annotations("r1").size());
  }

  @Test
  void should_refuse_every_request_without_the_token() {
    test(
        "s3cret",
        client -> {
          assertEquals(401, client.get("/api/runs").code());
          assertEquals(401, client.get("/").code());
          assertEquals(401, client.get("/runs/r1").code());
          assertEquals(
              401, client.get("/api/runs", b -> b.header("Authorization", "Bearer wrong")).code());
          assertEquals(
              401,
              post(client, "/api/runs/r1/annotations", "{\"label\":\"correct\"}", null).code());
          assertEquals(
              200, client.get("/api/runs", b -> b.header("Authorization", "Bearer s3cret")).code());
          Response first = client.get("/?token=s3cret");
          assertEquals(200, first.code());
          String cookie = first.headers().get("Set-Cookie").get(0);
          assertTrue(cookie.contains("HttpOnly"), cookie);
          assertEquals(
              200, client.get("/runs/r1", b -> b.header("Cookie", cookie.split(";")[0])).code());
        });
    assertTrue(store.annotations("r1").isEmpty());
  }

  @Test
  void should_show_a_script_tag_in_tool_output_as_text() {
    test(
        null,
        client -> {
          Response page = client.get("/runs/r2");
          String html = page.body().string();
          assertTrue(
              html.contains(
                  "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"),
              html);
          assertFalse(html.contains("<script>alert(1)"));
          assertFalse(html.contains("<img src=x"));
          String csp = page.headers().get("Content-Security-Policy").get(0);
          assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        });
  }

  @Test
  void should_send_the_next_unlabelled_run_under_the_filters() {
    test(
        null,
        client -> {
          assertEquals("r3", json(client.get("/api/queue/next?check=fail")).get("runId").asText());
          assertEquals(
              "r2", json(client.get("/api/queue/next?check=fail&after=r3")).get("runId").asText());
          post(client, "/api/runs/r3/annotations", "{\"label\":\"correct\"}", null);
          assertEquals("r2", json(client.get("/api/queue/next?check=fail")).get("runId").asText());
          post(client, "/api/runs/r2/annotations", "{\"label\":\"correct\"}", null);
          assertTrue(json(client.get("/api/queue/next?check=fail")).get("runId").isNull());
        });
  }

  @Test
  void should_compute_kappa_between_two_chosen_annotators() {
    label("r1", "alice", "correct", Instant.parse("2025-07-01T00:00:00Z"));
    label("r1", "bob", "correct", Instant.parse("2025-07-01T00:00:00Z"));
    label("r2", "alice", "incorrect", Instant.parse("2025-07-01T00:00:00Z"));
    label("r2", "bob", "incorrect", Instant.parse("2025-07-01T00:00:00Z"));
    label("r3", "alice", "incorrect", Instant.parse("2025-07-01T00:00:00Z"));
    label("r3", "bob", "correct", Instant.parse("2025-07-01T00:00:00Z"));
    label("r4", "alice", "correct", Instant.parse("2025-07-01T00:00:00Z"));
    test(
        null,
        client -> {
          JsonNode kappa = json(client.get("/api/agreement?a=alice&b=bob"));
          assertEquals(3, kappa.get("runs").asInt());
          assertEquals(2, kappa.get("agreements").asInt());
          // p_o = 2/3; alice 1/3 correct, bob 2/3 correct: p_e = 2/9 + 2/9 = 4/9; κ = (2/9)/(5/9)
          assertEquals(0.4, kappa.get("kappa").asDouble(), 1e-9);
          assertTrue(client.get("/disagreements?a=alice&b=bob").body().string().contains("0.400"));
          assertEquals(400, client.get("/api/agreement?a=alice").code());
        });
  }

  private void label(String runId, String author, String label, Instant at) {
    store.annotate(new Annotation(Ids.newId(), runId, null, author, label, List.of(), null, at));
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

  private static void assertRefused(Response response, int status, String reasonPart)
      throws Exception {
    String body = response.body().string();
    assertEquals(status, response.code(), body);
    assertTrue(json(body).get("error").asText().contains(reasonPart), body);
  }

  private static JsonNode json(Response response) throws Exception {
    return json(response.body().string());
  }

  private static JsonNode json(String body) throws Exception {
    return Json.MAPPER.readTree(body);
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("runs").forEach(row -> ids.add(row.get("run").get("id").asText()));
    return ids;
  }
}
