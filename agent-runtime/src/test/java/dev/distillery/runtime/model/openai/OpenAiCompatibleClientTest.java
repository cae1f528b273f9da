package dev.distillery.runtime.model.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.model.AuthenticationException;
import dev.distillery.runtime.model.BadRequestException;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.MalformedResponseException;
import dev.distillery.runtime.model.ModelTimeoutException;
import dev.distillery.runtime.model.ModelUnreachableException;
import dev.distillery.runtime.model.ServerErrorException;
import dev.distillery.trace.Message;
import dev.distillery.trace.Retry;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-test-0123456789abcdef";

  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiCompatibleClient client(int retries) {
    OpenAiConfig config =
        new OpenAiConfig(
            server.url("/v1").toString(),
            KEY,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            retries,
            Duration.ofMillis(10),
            Duration.ofMillis(50));
    return new OpenAiCompatibleClient(config);
  }

  private static ChatRequest request() {
    return new ChatRequest(
        "gpt-4o-mini",
        List.of(
            Message.system("be brief"),
            Message.user("list files"),
            Message.assistant(
                null, List.of(new ToolCall("call_1", "bash", "{\"command\":\"ls\"}"))),
            Message.tool("call_1", "bash", "a.txt")),
        List.of(new ToolSpec("bash", "run bash", "{\"type\":\"object\"}")),
        Map.of("temperature", 0),
        "run1",
        null,
        1);
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static final String TOOL_REPLY =
      """
      {"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
        "tool_calls":[{"id":"call_9","type":"function","function":{"name":"read_file","arguments":"{\\"path\\": \\"a.txt\\"}"}}]}}],
       "usage":{"prompt_tokens":42,"completion_tokens":7}}""";

  @Test
  void should_send_messages_and_tools_and_parse_a_tool_call_reply() throws Exception {
    server.enqueue(ok(TOOL_REPLY));

    ChatReply reply = client(0).complete(request());

    assertNull(reply.message().content());
    assertEquals(
        List.of(new ToolCall("call_9", "read_file", "{\"path\": \"a.txt\"}")),
        reply.message().toolCalls());
    assertEquals("tool_calls", reply.finishReason());
    assertEquals(42, reply.usage().promptTokens());
    assertEquals(7, reply.usage().completionTokens());
    RecordedRequest sent = server.takeRequest();
    assertEquals("/v1/chat/completions", sent.getUrl().encodedPath());
    assertEquals("Bearer " + KEY, sent.getHeaders().get("Authorization"));
    JsonNode body = JSON.readTree(sent.getBody().utf8());
    assertEquals("gpt-4o-mini", body.path("model").asText());
    assertEquals(0, body.path("temperature").asInt());
    assertEquals(4, body.path("messages").size());
    JsonNode assistant = body.path("messages").get(2);
    assertTrue(assistant.path("content").isNull());
    assertEquals(
        "{\"command\":\"ls\"}",
        assistant.path("tool_calls").get(0).path("function").path("arguments").asText());
    assertEquals("call_1", body.path("messages").get(3).path("tool_call_id").asText());
    assertFalse(body.path("messages").get(3).has("name"), "a tool message has no name on the wire");
    assertEquals("function", body.path("tools").get(0).path("type").asText());
    assertEquals(
        "object",
        body.path("tools").get(0).path("function").path("parameters").path("type").asText());
  }

  @Test
  void should_wait_as_retry_after_says_on_429_then_succeed() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "0")
            .body("{\"error\":{\"message\":\"slow down\"}}")
            .build());
    server.enqueue(ok(TOOL_REPLY));

    ChatReply reply = client(2).complete(request());

    assertEquals("read_file", reply.message().toolCalls().get(0).name());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void should_record_each_retry_and_count_its_wait_in_the_latency_when_a_429_asks_to_wait() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "1")
            .body("{\"error\":{\"message\":\"slow down\"}}")
            .build());
    server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
    server.enqueue(ok(TOOL_REPLY));
    OpenAiConfig patient =
        new OpenAiConfig(
            server.url("/v1").toString(),
            KEY,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            3,
            Duration.ofMillis(10),
            Duration.ofSeconds(2));

    ChatReply reply = new OpenAiCompatibleClient(patient).complete(request());

    assertEquals(2, reply.retries().size(), reply.retries().toString());
    Retry first = reply.retries().get(0);
    assertEquals(1, first.attempt());
    assertEquals("rate_limited", first.errorType());
    assertEquals(429, first.status());
    assertEquals(1000, first.waitMs(), "the wait Retry-After asked for");
    assertTrue(first.message().contains("slow down"), first.message());
    Retry second = reply.retries().get(1);
    assertEquals(2, second.attempt());
    assertEquals("server_error", second.errorType());
    assertEquals(503, second.status());
    assertTrue(
        reply.latencyMs() >= first.waitMs() + second.waitMs(),
        "the latency holds the waits: " + reply.latencyMs());
  }

  @Test
  void should_give_a_typed_server_error_when_500s_outlast_the_retries() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"boom\"}}").build());
    }

    ServerErrorException error =
        assertThrows(ServerErrorException.class, () -> client(2).complete(request()));

    assertTrue(error.retryable());
    assertEquals("server_error", error.errorType());
    assertTrue(error.getMessage().contains("boom"), error.getMessage());
    assertTrue(error.getMessage().contains("3 tries"), error.getMessage());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void should_refuse_a_body_that_is_not_a_chat_completion() {
    server.enqueue(ok("{\"choices\": [ oops"));

    MalformedResponseException error =
        assertThrows(MalformedResponseException.class, () -> client(3).complete(request()));

    assertFalse(error.retryable());
    assertEquals(1, server.getRequestCount(), "a malformed answer is not retried");
  }

  @Test
  void should_refuse_a_json_body_without_choices() {
    server.enqueue(ok("{\"object\": \"chat.completion\", \"choices\": []}"));

    MalformedResponseException error =
        assertThrows(MalformedResponseException.class, () -> client(3).complete(request()));

    assertEquals("malformed_response", error.errorType());
    assertTrue(error.getMessage().contains("choices"), error.getMessage());
  }

  @Test
  void should_read_text_and_usage_of_a_plain_answer() {
    server.enqueue(
        ok(
            """
            {"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":"all done"}}],
             "usage":{"prompt_tokens":5,"completion_tokens":2}}"""));

    ChatReply reply = client(0).complete(request());

    assertEquals(Message.assistant("all done", List.of()), reply.message());
    assertEquals("stop", reply.finishReason());
    assertEquals(7, reply.usage().total());
  }

  @Test
  void should_show_the_servers_message_for_a_bad_request_without_retrying() {
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .body("{\"error\":{\"message\":\"model 'nope' not found\"}}")
            .build());

    BadRequestException error =
        assertThrows(BadRequestException.class, () -> client(3).complete(request()));

    assertFalse(error.retryable());
    assertTrue(error.getMessage().contains("model 'nope' not found"), error.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void should_time_out_when_the_answer_is_too_slow_and_retry_it() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .body(TOOL_REPLY)
              .headersDelay(3, TimeUnit.SECONDS)
              .build());
    }
    OpenAiConfig config =
        new OpenAiConfig(
            server.url("/v1").toString(),
            null,
            Duration.ofSeconds(1),
            Duration.ofMillis(300),
            1,
            Duration.ofMillis(10),
            Duration.ofMillis(10));

    ModelTimeoutException error =
        assertThrows(
            ModelTimeoutException.class,
            () -> new OpenAiCompatibleClient(config).complete(request()));

    assertTrue(error.retryable());
    assertEquals("timeout", error.errorType());
    assertTrue(error.getMessage().contains("2 tries"), error.getMessage());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void should_send_no_authorization_header_without_a_key() throws Exception {
    server.enqueue(ok(TOOL_REPLY));
    OpenAiConfig config =
        OpenAiConfig.fromEnvironment(Map.of(), server.url("/v1").toString(), null);

    new OpenAiCompatibleClient(config).complete(request());

    assertNull(server.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void should_name_the_url_when_the_connection_is_refused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/v1";
    OpenAiConfig config = OpenAiConfig.fromEnvironment(Map.of("OPENAI_API_KEY", KEY), url, null);

    ModelUnreachableException error =
        assertThrows(
            ModelUnreachableException.class,
            () -> new OpenAiCompatibleClient(config).complete(request()));

    assertTrue(error.getMessage().contains(url), error.getMessage());
    assertTrue(error.getMessage().contains("OPENAI_BASE_URL"), error.getMessage());
    assertFalse(error.getMessage().contains(KEY));
  }

  @Test
  void should_point_a_named_provider_that_cannot_be_reached_at_its_settings() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    OpenAiConfig config =
        OpenAiConfig.defaults("http://127.0.0.1:" + port + "/v1", KEY, "LOCAL_KEY");

    ModelUnreachableException error =
        assertThrows(
            ModelUnreachableException.class,
            () -> new OpenAiCompatibleClient(config).named("local").complete(request()));

    assertTrue(error.getMessage().contains("base_url of provider local"), error.getMessage());
    assertFalse(error.getMessage().contains("OPENAI_BASE_URL"), error.getMessage());
  }

  @Test
  void should_name_the_providers_key_variable_when_the_key_is_refused() {
    server.enqueue(
        new MockResponse.Builder().code(403).body("{\"error\":{\"message\":\"no\"}}").build());
    OpenAiConfig config = OpenAiConfig.defaults(server.url("/v1").toString(), KEY, "LOCAL_KEY");

    AuthenticationException error =
        assertThrows(
            AuthenticationException.class,
            () -> new OpenAiCompatibleClient(config).named("local").complete(request()));

    assertTrue(error.getMessage().contains("$LOCAL_KEY or --api-key"), error.getMessage());
    assertFalse(error.getMessage().contains(KEY));
  }

  @Test
  void should_say_the_key_was_refused_without_showing_it() {
    server.enqueue(
        new MockResponse.Builder().code(401).body("{\"error\":{\"message\":\"bad key\"}}").build());

    AuthenticationException error =
        assertThrows(AuthenticationException.class, () -> client(3).complete(request()));

    assertFalse(error.retryable());
    assertEquals(1, server.getRequestCount());
    assertTrue(error.getMessage().contains("OPENAI_API_KEY"), error.getMessage());
    assertFalse(error.getMessage().contains(KEY));
  }

  @Test
  void should_mask_the_key_in_the_config_string() {
    OpenAiConfig config = OpenAiConfig.fromEnvironment(Map.of("OPENAI_API_KEY", KEY), null, null);

    assertFalse(config.toString().contains(KEY), config.toString());
    assertEquals(OpenAiConfig.DEFAULT_BASE_URL, config.baseUrl());
  }
}
