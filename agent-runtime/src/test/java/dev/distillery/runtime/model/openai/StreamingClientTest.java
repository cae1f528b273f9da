package dev.distillery.runtime.model.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.MalformedResponseException;
import dev.distillery.runtime.model.ModelException;
import dev.distillery.runtime.model.ServerErrorException;
import dev.distillery.runtime.model.StreamListener;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The streamed path against a real local HTTP server: same replies, same typed failures. */
class StreamingClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One reply as a whole chat completion: text, two tool calls, usage. */
  private static final String WHOLE =
      """
      {"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
        "content":"Let me look.",
        "tool_calls":[
          {"id":"call_a","type":"function","function":{"name":"bash","arguments":"{\\"command\\": \\"ls -l\\"}"}},
          {"id":"call_b","type":"function","function":{"name":"read_file","arguments":"{\\"path\\": \\"a.txt\\"}"}}]}}],
       "usage":{"prompt_tokens":42,"completion_tokens":17}}""";

  /** The same reply as OpenAI streams it: deltas by index, arguments in pieces, usage last. */
  private static final String STREAMED =
      sse(
          "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Let me\"},\"finish_reason\":null}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" look.\"},\"finish_reason\":null}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"bash\",\"arguments\":\"\"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"comm\"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\": \"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"and\\\": \\\"ls -l\\\"}\"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"a.txt\\\"}\"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
          "{\"choices\":[],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":17}}",
          "[DONE]");

  private MockWebServer server;
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final List<String> discarded = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String sse(String... data) {
    StringBuilder body = new StringBuilder(": keep-alive\n\n");
    for (String chunk : data) {
      body.append("data: ").append(chunk).append("\n\n");
    }
    return body.toString();
  }

  private static MockResponse events(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(body)
        .build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private OpenAiCompatibleClient plain(int retries) {
    return new OpenAiCompatibleClient(
        new OpenAiConfig(
            server.url("/v1").toString(),
            null,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            retries,
            Duration.ofMillis(10),
            Duration.ofMillis(50)));
  }

  private OpenAiCompatibleClient streaming(int retries) {
    return plain(retries)
        .streaming(
            new StreamListener() {
              @Override
              public void text(ChatRequest request, String delta) {
                heard.add(delta);
              }

              @Override
              public void discarded(ChatRequest request) {
                discarded.add(request.runId());
              }
            });
  }

  private static ChatRequest request() {
    return new ChatRequest(
        "gpt-4o-mini",
        List.of(Message.system("be brief"), Message.user("list files")),
        List.of(new ToolSpec("bash", "run bash", "{\"type\":\"object\"}")),
        Map.of(),
        "run1",
        null,
        1);
  }

  @Test
  void should_assemble_a_streamed_reply_with_tool_call_deltas_equal_to_the_unstreamed_one()
      throws Exception {
    server.enqueue(json(WHOLE));
    server.enqueue(events(STREAMED));

    ChatReply whole = plain(0).complete(request());
    ChatReply streamed = streaming(0).complete(request());

    assertEquals(whole.message(), streamed.message());
    assertEquals(whole.finishReason(), streamed.finishReason());
    assertEquals(whole.usage(), streamed.usage());
    assertEquals(2, streamed.message().toolCalls().size());
    assertEquals("{\"command\": \"ls -l\"}", streamed.message().toolCalls().get(0).argumentsJson());
    assertEquals(List.of("Let me", " look."), heard, "the text is heard as it arrives");
    JsonNode sentPlain = JSON.readTree(server.takeRequest().getBody().utf8());
    JsonNode sentStreamed = JSON.readTree(server.takeRequest().getBody().utf8());
    assertFalse(sentPlain.has("stream"));
    assertTrue(sentStreamed.path("stream").asBoolean());
    assertTrue(sentStreamed.path("stream_options").path("include_usage").asBoolean());
  }

  @Test
  void should_read_a_whole_json_answer_from_a_server_that_ignores_stream() {
    server.enqueue(json(WHOLE));

    ChatReply reply = streaming(0).complete(request());

    assertEquals("Let me look.", reply.message().content());
    assertEquals(2, reply.message().toolCalls().size());
  }

  @Test
  void should_refuse_a_chunk_that_is_not_json_without_retrying() {
    server.enqueue(
        events(
            sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}",
                "{\"choices\": [ oops")));

    MalformedResponseException error =
        assertThrows(MalformedResponseException.class, () -> streaming(3).complete(request()));

    assertEquals("malformed_response", error.errorType());
    assertEquals(1, server.getRequestCount(), "a malformed stream is not retried");
  }

  @Test
  void should_refuse_a_streamed_tool_call_without_a_name() {
    server.enqueue(
        events(
            sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"arguments\":\"{}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "[DONE]")));

    MalformedResponseException error =
        assertThrows(MalformedResponseException.class, () -> streaming(0).complete(request()));

    assertTrue(error.getMessage().contains("no function name"), error.getMessage());
  }

  @Test
  void should_retry_a_stream_that_breaks_off_and_say_the_heard_text_is_discarded() {
    server.enqueue(events(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Let me\"}}]}")));
    server.enqueue(events(STREAMED));

    ChatReply reply = streaming(2).complete(request());

    assertEquals("Let me look.", reply.message().content());
    assertEquals(2, server.getRequestCount());
    assertEquals(List.of("run1"), discarded);
  }

  @Test
  void should_back_off_on_429_then_stream() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "0")
            .body("{\"error\":{\"message\":\"slow down\"}}")
            .build());
    server.enqueue(events(STREAMED));

    ChatReply reply = streaming(1).complete(request());

    assertEquals(17, reply.usage().completionTokens());
    assertEquals(2, server.getRequestCount());
    assertTrue(discarded.isEmpty(), "nothing was heard before the 429");
  }

  @Test
  void should_give_a_typed_server_error_when_the_stream_reports_one_every_time() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          events(sse("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")));
    }

    ServerErrorException error =
        assertThrows(ServerErrorException.class, () -> streaming(1).complete(request()));

    assertTrue(error.getMessage().contains("overloaded"), error.getMessage());
    assertTrue(error.getMessage().contains("2 tries"), error.getMessage());
    assertTrue(error.retryable());
  }

  @Test
  void should_end_a_call_at_once_when_interrupted_in_the_middle_of_a_stream() throws Exception {
    CountDownLatch serverMayFinish = new CountDownLatch(1);
    CountDownLatch textHeard = new CountDownLatch(1);
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/event-stream")
            .body(
                new MockResponseBody() {
                  @Override
                  public long getContentLength() {
                    return -1;
                  }

                  @Override
                  public void writeTo(BufferedSink sink) throws IOException {
                    sink.writeUtf8(
                        sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Thinking\"}}]}"));
                    sink.flush();
                    try {
                      serverMayFinish.await(); // the stream stalls until the test is over
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                })
            .build());
    OpenAiCompatibleClient client =
        new OpenAiCompatibleClient(
                new OpenAiConfig(
                    server.url("/v1").toString(),
                    null,
                    Duration.ofSeconds(2),
                    Duration.ofMinutes(5),
                    3,
                    Duration.ofMillis(10),
                    Duration.ofMillis(50)))
            .streaming((request, delta) -> textHeard.countDown());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                client.complete(request());
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    try {
      caller.start();
      textHeard.await();
      caller.interrupt();
      // the read timeout is five minutes: only cancelling the call ends it within this wait
      caller.join(Duration.ofSeconds(60).toMillis());
    } finally {
      serverMayFinish.countDown();
    }

    assertFalse(caller.isAlive(), "the call is still reading the stream");
    ModelException error = assertInstanceOf(ModelException.class, failure.get());
    assertEquals("interrupted", error.errorType());
    assertEquals(1, server.getRequestCount(), "an interrupted call is not retried");
  }
}
