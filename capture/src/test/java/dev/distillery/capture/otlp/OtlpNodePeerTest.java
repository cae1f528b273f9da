package dev.distillery.capture.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Node peer: the official {@code openai} client instrumented by OpenInference, exporting
 * with {@code @opentelemetry/exporter-trace-otlp-proto} to serve's receiver (src/test/node-otlp;
 * {@code .ci/run} installs it with {@code npm ci}).
 */
class OtlpNodePeerTest {
  private static final Path PEER = Path.of("src/test/node-otlp");

  @TempDir Path dir;
  OtlpServer server;
  HttpServer upstream;
  final List<String> requests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  @Test
  void should_record_an_openinference_instrumented_openai_tool_loop_as_one_run() throws Exception {
    requirePeer();
    server = new OtlpServer(dir, null);
    String base = serveUpstream();

    String traceId = runPeer("peer.js", base);
    assertEquals(2, requests.size());
    assertTrue(requests.get(1).contains("Sunny, 21 C in Paris"), requests.get(1));

    Run run = server.store.run(traceId).orElseThrow(() -> new AssertionError("no run " + traceId));
    assertEquals("otlp", run.spec().mode());
    assertEquals("What is the weather in Paris?", run.spec().taskPrompt());
    assertEquals("gpt-fake", run.spec().model());
    assertTrue(
        run.spec().metadataJson().contains("\"service\":\"node-peer\""), run.spec().metadataJson());
    List<TraceEvent> events = server.store.events(traceId);
    assertEquals(
        List.of(
            EventKind.RUN_STARTED,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE,
            EventKind.TOOL_CALL,
            EventKind.TOOL_RESULT,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE,
            EventKind.RUN_FINISHED),
        events.stream().map(TraceEvent::kind).toList());
    EventPayload.ModelRequest first = (EventPayload.ModelRequest) events.get(1).payload();
    assertEquals("get_weather", first.tools().get(0).name());
    List<Message> log = server.store.messages(traceId);
    assertEquals(
        List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT),
        log.stream().map(Message::role).toList());
    assertEquals("{\"city\":\"Paris\"}", log.get(2).toolCalls().get(0).argumentsJson());
    assertEquals("It is sunny in Paris.", log.get(4).content());
    EventPayload.ModelRequest second = (EventPayload.ModelRequest) events.get(5).payload();
    assertEquals(List.of(0, 1, 2, 3), second.context());
    assertEquals(2, run.turns());
  }

  @Test
  void should_record_a_vercel_ai_sdk_generate_text_tree_as_one_run_with_its_tool_call()
      throws Exception {
    requirePeer();
    server = new OtlpServer(dir, null);
    String base = serveUpstream();

    String traceId = runPeer("peer-ai.js", base);

    assertEquals(2, requests.size());
    Run run = server.store.run(traceId).orElseThrow(() -> new AssertionError("no run " + traceId));
    assertEquals("What is the weather in Paris?", run.spec().taskPrompt());
    assertEquals("gpt-fake", run.spec().model());
    assertEquals(2, run.turns());
    assertEquals(40 + 60, run.usage().promptTokens());
    List<TraceEvent> events = server.store.events(traceId);
    assertEquals(
        List.of(
            EventKind.RUN_STARTED,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE,
            EventKind.TOOL_CALL,
            EventKind.TOOL_RESULT,
            EventKind.MODEL_REQUEST,
            EventKind.MODEL_RESPONSE,
            EventKind.RUN_FINISHED),
        events.stream().map(TraceEvent::kind).toList());
    EventPayload.ModelRequest first = (EventPayload.ModelRequest) events.get(1).payload();
    assertEquals("get_weather", first.tools().get(0).name());
    assertTrue(first.tools().get(0).parametersJson().contains("city"));
    EventPayload.ToolResult result = (EventPayload.ToolResult) events.get(4).payload();
    assertEquals("Sunny, 21 C in Paris", result.output());
    assertEquals("call_w1", result.callId());
    List<Message> log = server.store.messages(traceId);
    assertEquals(
        List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT),
        log.stream().map(Message::role).toList());
    assertEquals("{\"city\":\"Paris\"}", log.get(2).toolCalls().get(0).argumentsJson());
    assertEquals("call_w1", log.get(3).toolCallId());
    assertEquals("It is sunny in Paris.", log.get(4).content());
    EventPayload.ModelRequest second = (EventPayload.ModelRequest) events.get(5).payload();
    assertEquals(List.of(0, 1, 2, 3), second.context());
  }

  /** Runs a peer script; returns the trace id it printed. */
  private String runPeer(String script, String base) throws Exception {
    ProcessBuilder peer =
        new ProcessBuilder("node", script)
            .directory(PEER.toFile())
            .redirectError(dir.resolve("node.err").toFile());
    peer.environment().put("OTLP_URL", server.tracesUrl());
    peer.environment().put("OPENAI_BASE_URL", base);
    Process node = peer.start();
    String traceId;
    try {
      traceId = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } finally {
      node.waitFor(60, TimeUnit.SECONDS);
    }
    assertEquals(0, node.exitValue(), Files.readString(dir.resolve("node.err")));
    return traceId;
  }

  /** Node and the peer's packages; under CI (DISTILLERY_CI set) their absence fails the test. */
  private static void requirePeer() {
    boolean installed = Files.isDirectory(PEER.resolve("node_modules/openai"));
    if (!installed) {
      String reason =
          "the Node peer is not installed: run `npm ci` in capture/src/test/node-otlp (.ci/run does)";
      if (System.getenv("DISTILLERY_CI") != null) {
        fail(reason);
      }
      Assumptions.assumeTrue(false, reason);
    }
  }

  /** Chat completions: a get_weather call first, then the answer (streamed when asked). */
  private String serveUpstream() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext(
        "/v1/chat/completions",
        exchange -> {
          String request =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(request);
          boolean first = requests.size() == 1;
          boolean stream = request.replace(" ", "").contains("\"stream\":true");
          exchange
              .getResponseHeaders()
              .add("Content-Type", stream ? "text/event-stream" : "application/json");
          exchange.sendResponseHeaders(200, 0);
          String answer = first ? toolCall() : stream ? streamed() : answer();
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.getBytes(StandardCharsets.UTF_8));
          }
        });
    upstream.start();
    return "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1";
  }

  private static String toolCall() {
    return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-fake\","
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"id\":\"call_w1\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}}],"
        + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":9,\"total_tokens\":49}}";
  }

  private static String answer() {
    return "{\"id\":\"c2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-fake\","
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"It is sunny in Paris.\"}}],"
        + "\"usage\":{\"prompt_tokens\":60,\"completion_tokens\":6,\"total_tokens\":66}}";
  }

  private static String streamed() {
    StringBuilder sse = new StringBuilder();
    for (String piece : List.of("It is ", "sunny ", "in Paris.")) {
      sse.append(
              "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-fake\",")
          .append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
          .append(piece)
          .append("\"},\"finish_reason\":null}]}\n\n");
    }
    sse.append(
            "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-fake\",")
        .append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    sse.append(
            "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-fake\",")
        .append(
            "\"choices\":[],\"usage\":{\"prompt_tokens\":60,\"completion_tokens\":6,\"total_tokens\":66}}\n\n");
    sse.append("data: [DONE]\n\n");
    return sse.toString();
  }
}
