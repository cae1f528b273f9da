package dev.distillery.capture.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed replies through the proxy: passed on as they arrive, recorded whole. */
class StreamingProxyTest {
  @TempDir Path dir;
  FakeUpstream upstream;
  ProxyServer server;
  final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private void serve(Duration timeout) throws Exception {
    upstream = new FakeUpstream();
    server =
        new ProxyServer(
            dir,
            new ProxyOptions(upstream.base(), "fake", null, null, timeout),
            Clock.systemUTC(),
            null);
  }

  @Test
  void should_pass_each_chunk_on_before_the_upstream_sends_the_last_and_record_the_whole_reply()
      throws Exception {
    serve(null);
    List<String> events =
        List.of(
            Completions.chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
            Completions.chunk("{\"content\":\"Let me \"}", null),
            Completions.chunk("{\"content\":\"check.\"}", null),
            Completions.chunk(
                "{\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"ci\"}}]}",
                null),
            Completions.chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Rome\\\"}\"}}]}",
                null),
            Completions.chunk("{}", "tool_calls"),
            Completions.usageChunk(30, 9),
            "[DONE]");
    upstream.then(FakeUpstream.sse(events, release));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.base() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"gpt-test\",\"stream\":true,\"stream_options\":"
                        + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Weather in Rome?\"}]}"))
            .build();
    HttpResponse<InputStream> answer =
        server.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, answer.statusCode());
    assertTrue(
        answer.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8));
    // the upstream holds back its last event until the client has the first: a proxy that
    // buffered the reply would never hand it over
    String first = CompletableFuture.supplyAsync(() -> readLine(reader)).get(20, TimeUnit.SECONDS);
    assertEquals("data: " + events.get(0), first);
    release.countDown();
    List<String> rest = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (!line.isEmpty()) {
        rest.add(line);
      }
    }
    assertEquals(events.size() - 1, rest.size());
    assertEquals("data: [DONE]", rest.get(rest.size() - 1));

    Run run = server.runs().get(0);
    List<TraceEvent> recorded = server.store.events(run.id());
    EventPayload.ModelResponse reply = (EventPayload.ModelResponse) recorded.get(2).payload();
    assertEquals("Let me check.", reply.message().content());
    assertEquals(
        List.of(new ToolCall("call_9", "get_weather", "{\"city\":\"Rome\"}")),
        reply.message().toolCalls());
    assertEquals("tool_calls", reply.finishReason());
    assertEquals(new Usage(30, 9), reply.usage());
    server.stop();
    Run ended = server.store.run(run.id()).orElseThrow();
    assertEquals(RunStatus.INTERRUPTED, ended.status(), "its tool call never got a result");
    assertEquals("tool_calls_pending", ended.outcome());
  }

  @Test
  void should_break_the_clients_stream_off_when_the_upstreams_breaks_and_record_it()
      throws Exception {
    serve(null);
    upstream.then(
        FakeUpstream.brokenSse(List.of(Completions.chunk("{\"content\":\"Half a sen\"}", null))));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.base() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"gpt-test\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"go\"}]}"))
            .build();
    assertThrows(
        IOException.class,
        () -> server.http.send(request, HttpResponse.BodyHandlers.ofString()),
        "the client must not take a broken stream for a whole one");
    Run run = server.runs().get(0);
    List<TraceEvent> events = server.store.events(run.id());
    assertEquals(EventKind.ERROR, events.get(2).kind());
    assertEquals("stream_broken", ((EventPayload.Error) events.get(2).payload()).errorType());
  }

  @Test
  void should_answer_504_when_the_upstream_stays_silent_past_the_timeout() throws Exception {
    serve(Duration.ofMillis(500));
    upstream.then(FakeUpstream.silent(release));
    HttpResponse<String> answer =
        server.chat(
            "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"?\"}]}");
    assertEquals(504, answer.statusCode());
    assertTrue(answer.body().contains("\"type\":\"timeout\""), answer.body());
    Run run = server.runs().get(0);
    assertEquals(
        "timeout",
        ((EventPayload.Error) server.store.events(run.id()).get(2).payload()).errorType());
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
