package dev.distillery.capture.proxy;

import static dev.distillery.trace.EventKind.MODEL_REQUEST;
import static dev.distillery.trace.EventKind.MODEL_RESPONSE;
import static dev.distillery.trace.EventKind.RUN_STARTED;
import static dev.distillery.trace.EventKind.TOOL_CALL;
import static dev.distillery.trace.EventKind.TOOL_RESULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/responses through the proxy: forwarded unchanged, recorded as chat runs are. */
class ResponsesProxyTest {
  static final String TOOLS =
      "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Weather\","
          + "\"strict\":true,\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":"
          + "{\"type\":\"string\"}},\"required\":[\"city\"],\"additionalProperties\":false}}]";

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

  private void serve() throws Exception {
    upstream = new FakeUpstream();
    server =
        new ProxyServer(
            dir, new ProxyOptions(upstream.base(), "fake", null), Clock.systemUTC(), null);
  }

  private HttpResponse<String> post(String body) throws Exception {
    return server.http.send(
        HttpRequest.newBuilder(URI.create(server.base() + "/responses"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_continue_the_run_of_the_response_a_request_names_with_the_tool_call_and_result()
      throws Exception {
    serve();
    String first = Responses.call("resp_1", "call_5", "get_weather", "{\\\"city\\\":\\\"Oslo\\\"}");
    upstream
        .then(FakeUpstream.json(200, first))
        .then(FakeUpstream.json(200, Responses.text("resp_2", "Snow in Oslo.")));
    HttpResponse<String> answer =
        post(
            "{\"model\":\"gpt-test\",\"instructions\":\"Answer with the weather.\",\"input\":"
                + "\"Weather in Oslo?\","
                + TOOLS
                + "}");
    assertEquals(200, answer.statusCode());
    assertEquals(first, answer.body());
    assertEquals("/v1/responses", upstream.received().get(0).path());
    post(
        "{\"model\":\"gpt-test\",\"previous_response_id\":\"resp_1\",\"instructions\":"
            + "\"Answer with the weather.\",\"input\":[{\"type\":\"function_call_output\","
            + "\"call_id\":\"call_5\",\"output\":\"snow, -3C\"}],"
            + TOOLS
            + "}");

    List<Run> runs = server.runs();
    assertEquals(1, runs.size(), "previous_response_id continues the run");
    String id = runs.get(0).id();
    assertEquals("Weather in Oslo?", runs.get(0).spec().taskPrompt());
    assertEquals(
        List.of(
            RUN_STARTED,
            MODEL_REQUEST,
            MODEL_RESPONSE,
            TOOL_CALL,
            TOOL_RESULT,
            MODEL_REQUEST,
            MODEL_RESPONSE),
        server.kinds(id));
    assertEquals(
        List.of(
            Message.system("Answer with the weather."),
            Message.user("Weather in Oslo?"),
            Message.assistant(
                null, List.of(new ToolCall("call_5", "get_weather", "{\"city\":\"Oslo\"}"))),
            Message.tool("call_5", "get_weather", "snow, -3C"),
            Message.assistant("Snow in Oslo.", List.of())),
        server.store.messages(id));
    List<TraceEvent> events = server.store.events(id);
    EventPayload.ModelRequest second = (EventPayload.ModelRequest) events.get(5).payload();
    assertEquals(List.of(0, 1, 2, 3), second.context(), "the history rebuilt from the run");
    assertTrue(second.parametersJson().contains("\"strict\":true"), second.parametersJson());
    assertTrue(second.parametersJson().contains("\"additionalProperties\":false"));
    assertEquals("get_weather", second.tools().get(0).name());
    EventPayload.ModelResponse reply = (EventPayload.ModelResponse) events.get(6).payload();
    assertEquals("stop", reply.finishReason());
    assertEquals(new Usage(15, 7), reply.usage());
  }

  @Test
  void should_continue_a_run_whose_whole_input_repeats_the_earlier_output_items() throws Exception {
    serve();
    upstream
        .then(FakeUpstream.json(200, Responses.text("resp_1", "Hi!")))
        .then(FakeUpstream.json(200, Responses.text("resp_2", "Fine.")));
    post("{\"model\":\"gpt-test\",\"input\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    post(
        "{\"model\":\"gpt-test\",\"input\":[{\"role\":\"user\",\"content\":\"Hello\"},"
            + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]},{\"type\":\"message\","
            + "\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
            + "\"text\":\"Hi!\",\"annotations\":[]}]},{\"role\":\"user\",\"content\":"
            + "[{\"type\":\"input_text\",\"text\":\"How are you?\"}]}]}");
    List<Run> runs = server.runs();
    assertEquals(1, runs.size());
    assertEquals(4, server.store.messages(runs.get(0).id()).size());
    assertEquals("How are you?", server.store.messages(runs.get(0).id()).get(2).content());
  }

  @Test
  void should_pass_response_events_on_as_they_arrive_and_record_the_completed_response()
      throws Exception {
    serve();
    List<String> events = Responses.stream("resp_9", "Bright ", "and ", "clear.");
    upstream.then(FakeUpstream.sse(events, release));
    HttpResponse<InputStream> answer =
        server.http.send(
            HttpRequest.newBuilder(URI.create(server.base() + "/responses"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-test\",\"stream\":true,\"input\":\"Sky?\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8));
    String first =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return reader.readLine();
                  } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .get(20, TimeUnit.SECONDS);
    assertEquals("data: " + events.get(0), first, "the first event before the last is sent");
    release.countDown();
    while (reader.readLine() != null) {
      // the rest of the stream
    }
    Run run = server.runs().get(0);
    EventPayload.ModelResponse reply =
        (EventPayload.ModelResponse) server.store.events(run.id()).get(2).payload();
    assertEquals("Bright and clear.", reply.message().content());
    assertEquals(new Usage(15, 7), reply.usage());
  }
}
