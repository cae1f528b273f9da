package dev.distillery.capture.proxy;

import static dev.distillery.trace.EventKind.ERROR;
import static dev.distillery.trace.EventKind.MODEL_REQUEST;
import static dev.distillery.trace.EventKind.MODEL_RESPONSE;
import static dev.distillery.trace.EventKind.RUN_FINISHED;
import static dev.distillery.trace.EventKind.RUN_STARTED;
import static dev.distillery.trace.EventKind.TOOL_CALL;
import static dev.distillery.trace.EventKind.TOOL_RESULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy between a client and a real upstream, recording into a real store through serve. */
class RecordingProxyTest {
  static final String TOOLS =
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
          + "\"description\":\"Weather in a city\",\"parameters\":{\"type\":\"object\","
          + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";

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

  private void serve() throws Exception {
    upstream = new FakeUpstream();
    server =
        new ProxyServer(
            dir, new ProxyOptions(upstream.base(), "fake", null), Clock.systemUTC(), null);
  }

  @Test
  void should_answer_with_the_upstreams_reply_unchanged_and_record_the_pair_as_a_proxy_run()
      throws Exception {
    serve();
    String reply = Completions.text("Hello there");
    upstream.then(FakeUpstream.json(200, reply, "x-request-id", "req-42"));
    HttpResponse<String> answer =
        server.chat(
            "{\"model\":\"gpt-test\",\"temperature\":0.2,\"messages\":[{\"role\":\"system\","
                + "\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello\"}]}");
    assertEquals(200, answer.statusCode());
    assertEquals(reply, answer.body());
    assertEquals("req-42", answer.headers().firstValue("x-request-id").orElse(null));
    assertTrue(
        answer.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    assertEquals("/v1/chat/completions", upstream.received().get(0).path());

    List<Run> runs = server.runs();
    assertEquals(1, runs.size());
    Run run = runs.get(0);
    assertEquals(RecordingProxy.MODE, run.spec().mode());
    assertEquals("gpt-test", run.spec().model());
    assertEquals("fake", run.spec().provider());
    assertEquals("Say hello", run.spec().taskPrompt());
    assertEquals(RunStatus.RUNNING, run.status());
    assertEquals(List.of(RUN_STARTED, MODEL_REQUEST, MODEL_RESPONSE), server.kinds(run.id()));
    List<TraceEvent> events = server.store.events(run.id());
    EventPayload.ModelRequest request = (EventPayload.ModelRequest) events.get(1).payload();
    assertTrue(request.parametersJson().contains("\"temperature\":0.2"), request.parametersJson());
    EventPayload.ModelResponse response = (EventPayload.ModelResponse) events.get(2).payload();
    assertEquals(events.get(1).id(), events.get(2).parentId());
    assertEquals("stop", response.finishReason());
    assertEquals(new Usage(12, 5), response.usage());
    assertEquals(
        List.of(
            Message.system("Be brief."),
            Message.user("Say hello"),
            Message.assistant("Hello there", List.of())),
        server.store.messages(run.id()));

    server.stop();
    Run ended = server.store.run(run.id()).orElseThrow();
    assertEquals(RunStatus.SUCCEEDED, ended.status());
    assertEquals("answered", ended.outcome());
    assertEquals(1, ended.turns());
    assertEquals(RUN_FINISHED, server.kinds(run.id()).get(3));
  }

  @Test
  void should_record_a_tool_loop_as_one_run_with_the_call_and_the_result_the_client_sent_back()
      throws Exception {
    serve();
    upstream
        .then(
            FakeUpstream.json(
                200, Completions.toolCall("call_1", "get_weather", "{\\\"city\\\":\\\"Paris\\\"}")))
        .then(FakeUpstream.json(200, Completions.text("It is sunny in Paris.")));
    String user = "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}";
    server.chat("{\"model\":\"gpt-test\",\"messages\":[" + user + "]," + TOOLS + "}");
    String assistant =
        "{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":[{\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}";
    String tool = "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny, 21C\"}";
    HttpResponse<String> second =
        server.chat(
            "{\"model\":\"gpt-test\",\"messages\":["
                + user
                + ","
                + assistant
                + ","
                + tool
                + "],"
                + TOOLS
                + "}");
    assertEquals(200, second.statusCode());

    List<Run> runs = server.runs();
    assertEquals(1, runs.size(), "the second request continues the first one's run");
    String id = runs.get(0).id();
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
    List<TraceEvent> events = server.store.events(id);
    EventPayload.ToolCalled called = (EventPayload.ToolCalled) events.get(3).payload();
    assertEquals("get_weather", called.toolName());
    assertEquals("{\"city\":\"Paris\"}", called.argumentsJson());
    assertEquals(events.get(2).id(), events.get(3).parentId());
    EventPayload.ToolResult result = (EventPayload.ToolResult) events.get(4).payload();
    assertEquals("sunny, 21C", result.output());
    assertEquals(events.get(3).id(), events.get(4).parentId());
    List<Message> log = server.store.messages(id);
    assertEquals(4, log.size(), "each message stored once: " + log);
    assertEquals(Message.tool("call_1", "get_weather", "sunny, 21C"), log.get(2));
    EventPayload.ModelRequest last = (EventPayload.ModelRequest) events.get(5).payload();
    assertEquals(List.of(0, 1, 2), last.context());
    assertEquals("get_weather", last.tools().get(0).name());
    assertTrue(last.tools().get(0).parametersJson().contains("\"required\":[\"city\"]"));
    server.stop();
    assertEquals(RunStatus.SUCCEEDED, server.store.run(id).orElseThrow().status());
    assertEquals(2, server.store.run(id).orElseThrow().turns());
  }

  @Test
  void should_group_requests_by_their_message_prefix_and_by_the_run_header() throws Exception {
    serve();
    for (int i = 0; i < 6; i++) {
      upstream.then(FakeUpstream.json(200, Completions.text("answer " + i)));
    }
    // two conversations, interleaved: each second request extends its own first one
    server.chat(body("{\"role\":\"user\",\"content\":\"first topic\"}"));
    server.chat(body("{\"role\":\"user\",\"content\":\"second topic\"}"));
    server.chat(
        body(
            "{\"role\":\"user\",\"content\":\"second topic\"},"
                + "{\"role\":\"assistant\",\"content\":\"answer 1\"},"
                + "{\"role\":\"user\",\"content\":\"more on two\"}"));
    server.chat(
        body(
            "{\"role\":\"user\",\"content\":\"first topic\"},"
                + "{\"role\":\"assistant\",\"content\":\"answer 0\"},"
                + "{\"role\":\"user\",\"content\":\"more on one\"}"));
    // a named run: the header, whatever the messages
    server.chat(
        body("{\"role\":\"user\",\"content\":\"first topic\"}"), "X-Distillery-Run", "job-7");
    server.chat(
        body(
            "{\"role\":\"user\",\"content\":\"first topic\"},"
                + "{\"role\":\"assistant\",\"content\":\"answer 4\"},"
                + "{\"role\":\"user\",\"content\":\"and then?\"}"),
        "X-Distillery-Run",
        "job-7");

    List<Run> runs = server.runs();
    assertEquals(3, runs.size());
    assertEquals("first topic", runs.get(0).spec().taskPrompt());
    assertEquals("second topic", runs.get(1).spec().taskPrompt());
    for (Run run : runs) {
      assertEquals(5, server.kinds(run.id()).size(), "two turns in run " + run.spec());
    }
    assertEquals("more on one", server.store.messages(runs.get(0).id()).get(2).content());
    assertEquals("and then?", server.store.messages(runs.get(2).id()).get(2).content());
    assertTrue(upstream.received().stream().allMatch(r -> r.header("X-Distillery-Run") == null));
  }

  @Test
  void should_end_a_named_run_when_a_new_conversation_starts_under_its_name() throws Exception {
    serve();
    upstream
        .then(FakeUpstream.json(200, Completions.text("one")))
        .then(FakeUpstream.json(200, Completions.text("two")));
    server.chat(body("{\"role\":\"user\",\"content\":\"task A\"}"), "X-Distillery-Run", "slot");
    server.chat(body("{\"role\":\"user\",\"content\":\"task B\"}"), "X-Distillery-Run", "slot");
    List<Run> runs = server.runs();
    assertEquals(2, runs.size());
    assertEquals(RunStatus.SUCCEEDED, runs.get(0).status());
    assertTrue(runs.get(0).reason().contains("new conversation"), runs.get(0).reason());
    assertEquals(RunStatus.RUNNING, runs.get(1).status());
  }

  @Test
  void should_end_a_run_after_the_idle_time_and_resume_it_when_the_conversation_goes_on()
      throws Exception {
    upstream = new FakeUpstream();
    ProxyServer.TestClock clock = new ProxyServer.TestClock();
    server =
        new ProxyServer(
            dir,
            new ProxyOptions(upstream.base(), null, null, java.time.Duration.ofMinutes(5), null),
            clock,
            null);
    upstream
        .then(FakeUpstream.json(200, Completions.text("first")))
        .then(FakeUpstream.json(200, Completions.text("second")));
    server.chat(body("{\"role\":\"user\",\"content\":\"hi\"}"));
    clock.advance(java.time.Duration.ofMinutes(4));
    server.proxy.sweep();
    String id = server.runs().get(0).id();
    assertEquals(RunStatus.RUNNING, server.store.run(id).orElseThrow().status());
    clock.advance(java.time.Duration.ofMinutes(2));
    server.proxy.sweep();
    Run idle = server.runs().get(0);
    assertEquals(RunStatus.SUCCEEDED, idle.status());
    assertTrue(idle.reason().contains("5 min"), idle.reason());

    server.chat(
        body(
            "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"first\"},"
                + "{\"role\":\"user\",\"content\":\"again\"}"));
    List<Run> runs = server.runs();
    assertEquals(1, runs.size());
    assertEquals(RunStatus.RUNNING, runs.get(0).status());
    assertEquals(
        List.of(
            RUN_STARTED,
            MODEL_REQUEST,
            MODEL_RESPONSE,
            RUN_FINISHED,
            dev.distillery.trace.EventKind.RUN_RESUMED,
            MODEL_REQUEST,
            MODEL_RESPONSE),
        server.kinds(id));
    assertEquals(
        "127.0.0.1:" + java.net.URI.create(upstream.base()).getPort(),
        runs.get(0).spec().provider(),
        "provider from the upstream's host");
  }

  @Test
  void should_send_upstream_errors_back_as_they_came_and_record_them_in_the_run() throws Exception {
    serve();
    String limited = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}";
    upstream
        .then(FakeUpstream.json(429, limited, "retry-after", "3"))
        .then(FakeUpstream.json(200, Completions.text("finally")));
    String request = body("{\"role\":\"user\",\"content\":\"try me\"}");
    HttpResponse<String> answer = server.chat(request);
    assertEquals(429, answer.statusCode());
    assertEquals(limited, answer.body());
    assertEquals("3", answer.headers().firstValue("retry-after").orElse(null));
    // the client's retry of the same request goes on in the same run
    assertEquals(200, server.chat(request).statusCode());
    List<Run> runs = server.runs();
    assertEquals(1, runs.size());
    String id = runs.get(0).id();
    assertEquals(
        List.of(RUN_STARTED, MODEL_REQUEST, ERROR, MODEL_REQUEST, MODEL_RESPONSE),
        server.kinds(id));
    EventPayload.Error error = (EventPayload.Error) server.store.events(id).get(2).payload();
    assertEquals("rate_limited", error.errorType());
    assertTrue(error.retryable());
    assertTrue(error.message().contains("Rate limit reached"), error.message());
    assertEquals(2, server.store.messages(id).size(), "the retried request stores nothing twice");
  }

  @Test
  void should_answer_502_in_openai_style_and_record_the_failure_when_the_upstream_is_down()
      throws Exception {
    upstream = new FakeUpstream();
    String down = upstream.base();
    upstream.close();
    server = new ProxyServer(dir, new ProxyOptions(down, null, null), Clock.systemUTC(), null);
    HttpResponse<String> answer = server.chat(body("{\"role\":\"user\",\"content\":\"hello?\"}"));
    assertEquals(502, answer.statusCode());
    assertTrue(answer.body().startsWith("{\"error\":{"), answer.body());
    assertTrue(answer.body().contains("could not be reached"), answer.body());
    Run run = server.runs().get(0);
    EventPayload.Error error = (EventPayload.Error) server.store.events(run.id()).get(2).payload();
    assertEquals("upstream_unreachable", error.errorType());
    server.stop();
    Run ended = server.store.run(run.id()).orElseThrow();
    assertEquals(RunStatus.FAILED, ended.status());
    assertEquals("model_error", ended.outcome());
  }

  @Test
  void should_forward_models_as_the_upstream_answered() throws Exception {
    serve();
    String models = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-test\",\"object\":\"model\"}]}";
    upstream.then(FakeUpstream.json(200, models));
    HttpResponse<String> answer =
        server.http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/models"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode());
    assertEquals(models, answer.body());
    assertEquals("/v1/models", upstream.received().get(0).path());
    upstream.then(FakeUpstream.json(404, "{\"error\":{\"message\":\"no such model\"}}"));
    HttpResponse<String> one =
        server.http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.base() + "/models/org/some-model"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, one.statusCode());
    assertEquals("/v1/models/org/some-model", upstream.received().get(1).path());
    assertTrue(server.runs().isEmpty());
  }

  static String body(String messages) {
    return "{\"model\":\"gpt-test\",\"messages\":[" + messages + "]}";
  }
}
