package dev.distillery.capture.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm package (capture/src/test/node/proxy) drives the proxy: plain,
 * streamed, and a tool loop. Without node or {@code npm ci} there the test is skipped, saying so;
 * under CI ({@code DISTILLERY_NODE_TESTS=required}, set by .ci/run) it fails instead.
 */
class RecordingProxyNodeTest {
  static final Path CLIENT = Path.of("src/test/node/proxy");

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
  void should_serve_the_official_openai_client_plain_streamed_and_through_a_tool_loop()
      throws Exception {
    requireNodeClient();
    upstream = new FakeUpstream();
    server =
        new ProxyServer(
            dir, new ProxyOptions(upstream.base(), "fake", null), Clock.systemUTC(), null);
    upstream
        .then(FakeUpstream.json(200, Completions.text("Hello!")))
        .then(
            FakeUpstream.sse(
                List.of(
                    Completions.chunk("{\"role\":\"assistant\",\"content\":\"one, \"}", null),
                    Completions.chunk("{\"content\":\"two, \"}", null),
                    Completions.chunk("{\"content\":\"three\"}", "stop"),
                    Completions.usageChunk(9, 6),
                    "[DONE]"),
                null))
        .then(
            FakeUpstream.json(
                200, Completions.toolCall("call_7", "get_weather", "{\\\"city\\\":\\\"Paris\\\"}")))
        .then(FakeUpstream.json(200, Completions.text("Sunny, 21C in Paris.")))
        .then(
            FakeUpstream.json(
                200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-test\",\"object\":\"model\"}]}"));

    String out = node("client.mjs");
    assertTrue(out.contains("\"plain\":\"Hello!\""), out);
    assertTrue(out.contains("\"streamed\":\"one, two, three\""), out);
    assertTrue(out.contains("\"final\":\"Sunny, 21C in Paris.\""), out);
    assertTrue(out.contains("\"models\":[\"gpt-test\"]"), out);
    assertEquals(
        "Bearer sk-node-client-test-5d1e",
        upstream.received().get(0).header("Authorization"),
        "the client's key goes upstream");

    List<Run> runs = server.runs();
    assertEquals(3, runs.size(), "plain, streamed, and the tool loop: " + runs);
    Run streamed = runs.get(1);
    List<TraceEvent> events = server.store.events(streamed.id());
    EventPayload.ModelResponse reply = (EventPayload.ModelResponse) events.get(2).payload();
    assertEquals("one, two, three", reply.message().content());
    assertEquals(6, reply.usage().completionTokens());
    Run loop = runs.get(2);
    assertEquals(
        List.of(
            EventKind.RUN_STARTED,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE,
            EventKind.TOOL_CALL,
            EventKind.TOOL_RESULT,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE),
        server.kinds(loop.id()));
    List<Message> log = server.store.messages(loop.id());
    assertEquals(Message.tool("call_7", "get_weather", "sunny, 21C"), log.get(3));
    assertEquals("Sunny, 21C in Paris.", log.get(4).content());
  }

  @Test
  void should_serve_the_official_clients_responses_api_plain_streamed_and_chained_by_id()
      throws Exception {
    requireNodeClient();
    upstream = new FakeUpstream();
    server =
        new ProxyServer(
            dir, new ProxyOptions(upstream.base(), "fake", null), Clock.systemUTC(), null);
    upstream
        .then(FakeUpstream.json(200, Responses.text("resp_a", "Hello!")))
        .then(FakeUpstream.sse(Responses.stream("resp_b", "Blue ", "and ", "wide."), null))
        .then(
            FakeUpstream.json(
                200,
                Responses.call("resp_c", "call_3", "get_weather", "{\\\"city\\\":\\\"Oslo\\\"}")))
        .then(FakeUpstream.json(200, Responses.text("resp_d", "Snow in Oslo.")));

    String out = node("responses.mjs");
    assertTrue(out.contains("\"plain\":\"Hello!\""), out);
    assertTrue(out.contains("\"streamed\":\"Blue and wide.\""), out);
    assertTrue(out.contains("\"completed\":\"resp_b\""), out);
    assertTrue(out.contains("\"final\":\"Snow in Oslo.\""), out);

    List<Run> runs = server.runs();
    assertEquals(3, runs.size(), "plain, streamed, and the chained pair: " + runs);
    EventPayload.ModelResponse streamed =
        (EventPayload.ModelResponse) server.store.events(runs.get(1).id()).get(2).payload();
    assertEquals("Blue and wide.", streamed.message().content());
    Run loop = runs.get(2);
    assertEquals(
        List.of(
            EventKind.RUN_STARTED,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE,
            EventKind.TOOL_CALL,
            EventKind.TOOL_RESULT,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE),
        server.kinds(loop.id()));
    List<Message> log = server.store.messages(loop.id());
    assertEquals(Message.system("Answer with the weather."), log.get(0));
    assertEquals(Message.tool("call_3", "get_weather", "snow, -3C"), log.get(3));
    assertEquals("Snow in Oslo.", log.get(4).content());
  }

  private String node(String script) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("node", script)
            .directory(CLIENT.toFile())
            .redirectError(dir.resolve("node.err").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_"));
    builder.environment().put("OPENAI_BASE_URL", server.base());
    builder.environment().put("OPENAI_API_KEY", "sk-node-client-test-5d1e");
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] stdout = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "node did not finish");
    String err = Files.readString(dir.resolve("node.err"));
    assertEquals(0, process.exitValue(), "node failed: " + err);
    return new String(stdout, StandardCharsets.UTF_8);
  }

  private static void requireNodeClient() {
    String reason = null;
    if (!Files.isDirectory(CLIENT.resolve("node_modules/openai"))) {
      reason =
          "run `npm ci` in capture/src/test/node/proxy to test with the official openai client";
    } else {
      try {
        Process version = new ProcessBuilder("node", "--version").start();
        version.waitFor(30, TimeUnit.SECONDS);
      } catch (IOException e) {
        reason = "node is not installed: the official openai client cannot run";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reason = "interrupted while looking for node";
      }
    }
    if (reason != null && "required".equals(System.getenv("DISTILLERY_NODE_TESTS"))) {
      throw new AssertionError(reason + " (DISTILLERY_NODE_TESTS=required)");
    }
    Assumptions.assumeTrue(reason == null, reason);
  }
}
