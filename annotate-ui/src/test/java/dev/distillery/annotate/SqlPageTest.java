package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.CheckStatus;
import io.javalin.testtools.JavalinTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlPageTest {
  @TempDir Path dir;

  private static String q(String sql) {
    return URLEncoder.encode(sql, StandardCharsets.UTF_8);
  }

  @Test
  void should_run_presets_link_run_ids_download_csv_and_refuse_writes() {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("t.duckdb"))) {
      TestRuns.finished(
          store,
          "01jtestrun0000000000000001",
          1,
          TestRuns.spec("fix it", "gpt-a", "t1", "s1"),
          "<b>out</b>",
          CheckStatus.FAIL);
      JavalinTest.test(
          AnnotateServer.create(store, store.console(), new AnnotateOptions("tester", null)),
          (server, client) -> {
            String page = client.get("/sql").body().string();
            assertTrue(page.contains("failure signatures"), "the presets are one click away");

            String results =
                client.get("/sql?q=" + q("select id, task_prompt from runs")).body().string();
            assertTrue(
                results.contains("<a href=\"/runs/01jtestrun0000000000000001\">"),
                "run ids link to their pages");
            assertTrue(results.contains("fix it"));

            String escaped =
                client
                    .get("/sql?q=" + q("select text from events where kind = 'tool_result'"))
                    .body()
                    .string();
            assertTrue(escaped.contains("&lt;b&gt;out&lt;/b&gt;"), "trace values are escaped");
            assertFalse(escaped.contains("<b>out</b>"));

            String csv =
                client
                    .get("/api/sql.csv?q=" + q("select task_id, model from runs"))
                    .body()
                    .string();
            assertEquals("task_id,model\nt1,gpt-a\n", csv);

            JsonNode json =
                Json.MAPPER.readTree(
                    client
                        .get("/api/sql?q=" + q("select count(*) as n from runs"))
                        .body()
                        .string());
            assertEquals(1, json.path("rows").get(0).get(0).asInt());

            var refused = client.get("/api/sql?q=" + q("delete from runs"));
            assertEquals(400, refused.code());
            assertEquals(
                "only read-only SELECT queries run here",
                Json.MAPPER.readTree(refused.body().string()).path("error").asText());
            String refusedPage = client.get("/sql?q=" + q("drop table runs")).body().string();
            assertTrue(refusedPage.contains("only read-only SELECT queries run here"), refusedPage);
            assertFalse(refusedPage.contains("serialized to json"), "our reason, not DuckDB's");
          });
      assertEquals(1, store.countRuns(dev.distillery.trace.RunFilter.latest(10)));
    }
  }

  @Test
  void should_answer_times_and_every_other_column_type_as_json() {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("t.duckdb"))) {
      TestRuns.finished(
          store,
          "01jtestrun0000000000000001",
          1,
          TestRuns.spec("fix it", "gpt-a", "t1", "s1"),
          "out",
          CheckStatus.PASS);
      JavalinTest.test(
          AnnotateServer.create(store, store.console(), new AnnotateOptions("tester", null)),
          (server, client) -> {
            var runs = client.get("/api/sql?q=" + q("select * from runs"));
            assertEquals(200, runs.code(), "timestamps and all");
            JsonNode row = Json.MAPPER.readTree(runs.body().string()).path("rows").get(0);
            assertTrue(row.toString().contains("\"2025-06-01T10:01"), row.toString());

            var types =
                client.get(
                    "/api/sql?q="
                        + q(
                            "select DATE '2026-01-02' d, TIME '10:11:12' t, uuid() u,"
                                + " 'a'::BLOB b, 1.5::DECIMAL(4, 2) amount, {'a': [1]} st,"
                                + " MAP {'k': TIMESTAMP '2026-01-02 03:04:05'} m,"
                                + " INTERVAL 1 HOUR i, 2::HUGEINT h"));
            String body = types.body().string();
            assertEquals(200, types.code(), body);
            JsonNode values = Json.MAPPER.readTree(body).path("rows").get(0);
            assertEquals("2026-01-02", values.get(0).asText());
            assertEquals("10:11:12", values.get(1).asText());
            assertEquals("a", values.get(3).asText());
            assertEquals(1.5, values.get(4).asDouble());
            assertEquals(1, values.get(5).path("a").get(0).asInt());
            assertEquals("2026-01-02T03:04:05", values.get(6).path("k").asText());
            assertEquals("01:00:00", values.get(7).asText());
            assertEquals(2, values.get(8).asInt());
          });
    }
  }
}
