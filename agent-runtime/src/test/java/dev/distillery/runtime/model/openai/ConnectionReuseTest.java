package dev.distillery.runtime.model.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ServerErrorException;
import dev.distillery.trace.Message;
import dev.distillery.trace.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Servers that close connections behind the client's back: no try may be lost to them. */
class ConnectionReuseTest {
  private static final String ANSWER =
      "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
          + "\"content\":\"done\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";
  private static final String JSON_HEAD = "\r\nContent-Type: application/json";

  private static OpenAiCompatibleClient client(RawHttpServer server, int retries) {
    return new OpenAiCompatibleClient(
        new OpenAiConfig(
            server.baseUrl(),
            null,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            retries,
            Duration.ofMillis(10),
            Duration.ofMillis(50)));
  }

  private static ChatRequest request() {
    return new ChatRequest("m", List.of(Message.user("hi")), List.of(), Map.of(), "run1", null, 1);
  }

  @Test
  void should_answer_every_call_without_a_retry_when_an_http10_server_closes_after_each_reply()
      throws Exception {
    try (RawHttpServer server =
        new RawHttpServer(n -> new RawHttpServer.Answer("HTTP/1.0 200 OK" + JSON_HEAD, ANSWER))) {
      OpenAiCompatibleClient client = client(server, 0);

      for (int call = 0; call < 3; call++) {
        ChatReply reply = client.complete(request());
        assertEquals("done", reply.message().content());
        assertEquals(List.of(), reply.retries(), "call " + call);
      }
      assertEquals(3, server.requests());
      assertEquals(3, server.connections(), "one connection a request: none was reused");
    }
  }

  @Test
  void should_send_again_on_a_fresh_connection_without_counting_a_try_when_a_pooled_one_died()
      throws Exception {
    // HTTP/1.1 without "Connection: close", then the server closes anyway
    try (RawHttpServer server =
        new RawHttpServer(n -> new RawHttpServer.Answer("HTTP/1.1 200 OK" + JSON_HEAD, ANSWER))) {
      OpenAiCompatibleClient client = client(server, 0);

      client.complete(request());
      ChatReply second = client.complete(request());

      assertEquals("done", second.message().content());
      assertEquals(1, second.retries().size(), second.retries().toString());
      Retry stale = second.retries().get(0);
      assertEquals("stale_connection", stale.errorType());
      assertEquals(1, stale.attempt());
      assertEquals(0, stale.waitMs());
      assertEquals(2, server.requests());
    }
  }

  @Test
  void should_send_every_counted_try_to_the_server_when_an_http10_server_keeps_failing()
      throws Exception {
    try (RawHttpServer server =
        new RawHttpServer(
            n ->
                new RawHttpServer.Answer(
                    "HTTP/1.0 500 Internal Server Error" + JSON_HEAD,
                    "{\"error\":{\"message\":\"boom\"}}"))) {
      ServerErrorException error =
          assertThrows(ServerErrorException.class, () -> client(server, 4).complete(request()));

      assertTrue(error.getMessage().contains("gave up after 5 tries"), error.getMessage());
      assertEquals(5, server.requests(), "each of the 5 tries reached the server");
      assertEquals(List.of(1, 2, 3, 4), error.retries().stream().map(Retry::attempt).toList());
      assertTrue(error.retries().stream().allMatch(r -> Integer.valueOf(500).equals(r.status())));
      long waited = error.retries().stream().mapToLong(Retry::waitMs).sum();
      assertTrue(error.elapsedMs() >= waited, error.elapsedMs() + " < " + waited);
    }
  }
}
