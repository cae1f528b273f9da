package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} with the standard OTEL variables set also sends its steps as GenAI spans, made of the
 * scrubbed events: the key a tool printed is a marker there too.
 */
class OtlpOutCommandTest {
  @TempDir Path dir;
  private HttpServer model;
  private HttpServer collector;
  private final List<Span> spans = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    model.stop(0);
    collector.stop(0);
  }

  @Test
  void should_send_the_runs_spans_to_the_collector_with_the_key_a_tool_printed_scrubbed()
      throws Exception {
    String key = "sk-otlp-" + Long.toHexString(System.nanoTime()) + "-secret";
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("key.txt"), "OPENAI_API_KEY=" + key + "\n");
    String url = serveModel("cat key.txt");
    serveCollector();
    CliHarness cli =
        new CliHarness(dir)
            .env(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:" + collector.getAddress().getPort())
            .env("OTEL_SERVICE_NAME", "distillery-test");

    CliHarness.Result run =
        cli.run(
            "run",
            "-p",
            "show the key",
            "-m",
            "tiny",
            "--base-url",
            url,
            "--api-key",
            key,
            "--no-stream",
            "--workdir",
            "work");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("sending spans to http://127.0.0.1:"), run.err());
    for (int i = 0;
        i < 200 && spans.stream().noneMatch(s -> s.getName().startsWith("invoke_agent"));
        i++) {
      Thread.sleep(50);
    }
    List<String> names = spans.stream().map(Span::getName).toList();
    assertTrue(names.contains("invoke_agent distillery"), names.toString());
    assertEquals(2, names.stream().filter(n -> n.equals("chat tiny")).count(), names.toString());
    Span tool =
        spans.stream()
            .filter(s -> s.getName().equals("execute_tool bash"))
            .findFirst()
            .orElseThrow();
    String result = attribute(tool, "gen_ai.tool.call.result");
    assertTrue(result.contains("OPENAI_API_KEY=[REDACTED:api_key]"), result);
    assertFalse(spans.toString().contains(key), "the key is in no span");
  }

  private static String attribute(Span span, String key) {
    return span.getAttributesList().stream()
        .filter(kv -> kv.getKey().equals(key))
        .map(kv -> kv.getValue().getStringValue())
        .findFirst()
        .orElse(null);
  }

  private void serveCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          ExportTraceServiceRequest request =
              ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
          request
              .getResourceSpansList()
              .forEach(r -> r.getScopeSpansList().forEach(s -> spans.addAll(s.getSpansList())));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
  }

  /** An OpenAI-compatible server: first a bash call running {@code command}, then an answer. */
  private String serveModel(String command) throws IOException {
    String call =
        "{\"choices\":[{\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\","
            + "\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"bash\",\"arguments\":"
            + Json.MAPPER.writeValueAsString(
                Json.MAPPER.writeValueAsString(Map.of("command", command)))
            + "}}]}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5}}";
    String answer =
        "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Done.\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5}}";
    AtomicInteger requests = new AtomicInteger();
    model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    model.createContext(
        "/v1/chat/completions",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              (requests.getAndIncrement() == 0 ? call : answer).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    model.start();
    return "http://127.0.0.1:" + model.getAddress().getPort() + "/v1";
  }
}
