package dev.distillery.capture.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.Message;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys pass through to the upstream and nowhere else; serve's token guards the proxy. */
class ProxySecretsTest {
  static final String CLIENT_KEY = "sk-proxytest-client-7f3a9c2e11";
  static final String SERVER_KEY = "sk-proxytest-server-0b8d4e6f22";

  @TempDir Path dir;
  FakeUpstream upstream;
  ProxyServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void should_forward_the_clients_key_and_leave_no_trace_of_it_in_the_store() throws Exception {
    upstream = new FakeUpstream();
    server =
        new ProxyServer(
            dir, new ProxyOptions(upstream.base(), null, null), Clock.systemUTC(), null);
    upstream.then(FakeUpstream.json(200, Completions.text("noted")));
    HttpResponse<String> answer =
        server.chat(
            RecordingProxyTest.body(
                "{\"role\":\"user\",\"content\":\"my key is " + CLIENT_KEY + ", keep it\"}"),
            "Authorization",
            "Bearer " + CLIENT_KEY);
    assertEquals(200, answer.statusCode());
    assertEquals("Bearer " + CLIENT_KEY, upstream.received().get(0).header("Authorization"));
    String id = server.runs().get(0).id();
    Message user = server.store.messages(id).get(0);
    assertEquals("my key is [REDACTED:api_key], keep it", user.content());
    server.close();
    assertEquals(List.of(), textsHolding(CLIENT_KEY));
  }

  @Test
  void should_send_the_configured_key_when_the_client_sends_none() throws Exception {
    upstream = new FakeUpstream();
    server =
        new ProxyServer(
            dir, new ProxyOptions(upstream.base(), null, SERVER_KEY), Clock.systemUTC(), null);
    upstream.then(FakeUpstream.json(200, Completions.text("ok")));
    server.chat(RecordingProxyTest.body("{\"role\":\"user\",\"content\":\"hi\"}"));
    assertEquals("Bearer " + SERVER_KEY, upstream.received().get(0).header("Authorization"));
    server.close();
    assertEquals(List.of(), textsHolding(SERVER_KEY));
  }

  @Test
  void should_take_serves_token_in_its_own_header_and_never_pass_it_upstream() throws Exception {
    upstream = new FakeUpstream();
    server =
        new ProxyServer(
            dir, new ProxyOptions(upstream.base(), null, null), Clock.systemUTC(), "tok-98765432");
    upstream.then(FakeUpstream.json(200, Completions.text("ok")));
    String body = RecordingProxyTest.body("{\"role\":\"user\",\"content\":\"hi\"}");
    HttpResponse<String> refused = server.chat(body, "Authorization", "Bearer " + CLIENT_KEY);
    assertEquals(401, refused.statusCode());
    assertTrue(refused.body().contains("X-Distillery-Token"), refused.body());
    assertTrue(upstream.received().isEmpty());
    HttpResponse<String> taken =
        server.chat(
            body, "Authorization", "Bearer " + CLIENT_KEY, "X-Distillery-Token", "tok-98765432");
    assertEquals(200, taken.statusCode());
    assertNull(upstream.received().get(0).header("X-Distillery-Token"));
  }

  /** Every text column of every table of the store that holds the value: table.column. */
  private List<String> textsHolding(String value) throws Exception {
    List<String> found = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + server.file);
        Statement statement = db.createStatement()) {
      List<String[]> columns = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN"
                  + " information_schema.tables t USING (table_schema, table_name) WHERE"
                  + " t.table_type = 'BASE TABLE' AND (c.data_type = 'VARCHAR' OR c.data_type ="
                  + " 'JSON')")) {
        while (rows.next()) {
          columns.add(new String[] {rows.getString(1), rows.getString(2)});
        }
      }
      assertTrue(columns.size() > 5, "the store's text columns: " + columns.size());
      for (String[] column : columns) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM \""
                    + column[0]
                    + "\" WHERE CAST(\""
                    + column[1]
                    + "\" AS VARCHAR) LIKE '%"
                    + value
                    + "%'")) {
          rows.next();
          if (rows.getLong(1) > 0) {
            found.add(column[0] + "." + column[1]);
          }
        }
      }
    }
    return found;
  }
}
