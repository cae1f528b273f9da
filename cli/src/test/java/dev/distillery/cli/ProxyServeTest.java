package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.capture.proxy.ProxyOptions;
import dev.distillery.capture.proxy.RecordingProxy;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Ids;
import dev.distillery.trace.RunFilter;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve --upstream: a proxied conversation becomes a run that every export format writes. */
class ProxyServeTest {
  static final String TOOLS =
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
          + "\"description\":\"Weather in a city\",\"parameters\":{\"type\":\"object\","
          + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";
  static final String USER = "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}";
  static final String CALL =
      "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":"
          + "\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
          + "\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}";
  static final String RESULT =
      "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny, 21C\"}";

  @TempDir Path dir;
  HttpServer upstream;
  final ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  @Test
  void should_export_a_proxied_tool_loop_in_every_format_with_the_clients_tools() throws Exception {
    startUpstream();
    answers.add(choice(CALL, "tool_calls"));
    answers.add(choice("{\"role\":\"assistant\",\"content\":\"Sunny, 21C.\"}", "stop"));
    Path store = dir.resolve("proxied.duckdb");
    StringWriter log = new StringWriter();
    try (Serving serving =
        Serving.start(
            store,
            "127.0.0.1",
            0,
            new AnnotateOptions("tester", null),
            List.of(new RecordingProxy(new ProxyOptions(base(), "fake", null))),
            new PrintWriter(log))) {
      String proxy = "http://127.0.0.1:" + serving.port() + "/v1/chat/completions";
      assertEquals(
          200, post(proxy, "{\"model\":\"gpt-test\",\"messages\":[" + USER + "]," + TOOLS + "}"));
      assertEquals(
          200,
          post(
              proxy,
              "{\"model\":\"gpt-test\",\"messages\":["
                  + String.join(",", USER, CALL, RESULT)
                  + "],"
                  + TOOLS
                  + "}"));
    }
    try (DuckDbTraceStore labels = DuckDbTraceStore.open(store)) {
      // a person labels the proxied run as they would a native one
      String id = labels.runs(RunFilter.latest(1)).get(0).id();
      labels.annotate(
          new Annotation(
              Ids.newId(), id, null, "tester", "correct", List.of(), null, Instant.now()));
    }
    CliHarness cli = new CliHarness(dir);
    CliHarness.Result runs = cli.run("runs", "--store", store.toString(), "--json");
    assertTrue(runs.out().contains("\"status\":\"succeeded\""), runs.out());
    assertTrue(runs.out().contains("\"mode\":\"proxy\""), runs.out());
    CliHarness.Result table = cli.run("runs", "--store", store.toString());
    assertTrue(table.out().contains("proxy: Weather in Paris?"), table.out());
    CliHarness.Result sql =
        cli.run(
            "sql",
            "--store",
            store.toString(),
            "select mode, turns from runs where mode = 'proxy'");
    assertTrue(sql.out().contains("proxy"), sql.out() + sql.err());

    for (String format : List.of("openai", "trl-sft", "sharegpt", "atif", "raw")) {
      Path out = dir.resolve("out-" + format);
      CliHarness.Result export =
          cli.run(
              "export",
              "--store",
              store.toString(),
              "--format",
              format,
              "--out",
              out.toString(),
              "--where",
              "mode = 'proxy'");
      assertEquals(0, export.exitCode(), format + ": " + export.err());
      String written = readAll(out);
      assertTrue(
          written.contains("sunny, 21C"),
          format + " has the tool result: " + written + export.out() + export.err());
      assertTrue(written.contains("Sunny, 21C."), format + " has the answer: " + written);
      if (!format.equals("sharegpt")) {
        assertTrue(written.contains("get_weather"), format + " has the tools: " + written);
      }
    }
    String openai = readAll(dir.resolve("out-openai"));
    assertTrue(openai.contains("\"tools\":[{\"type\":\"function\""), openai);
    assertTrue(openai.contains("\"required\":[\"city\"]"), openai);
  }

  @Test
  void should_export_a_responses_api_tool_loop_like_a_chat_completions_one() throws Exception {
    startUpstream();
    String usage = ",\"usage\":{\"input_tokens\":10,\"output_tokens\":4,\"total_tokens\":14}}";
    answers.add(
        "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":"
            + "\"gpt-test\",\"output\":[{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":"
            + "\"call_1\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\","
            + "\"status\":\"completed\"}]"
            + usage);
    answers.add(
        "{\"id\":\"resp_2\",\"object\":\"response\",\"status\":\"completed\",\"model\":"
            + "\"gpt-test\",\"output\":[{\"type\":\"message\",\"id\":\"msg_2\",\"role\":"
            + "\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\","
            + "\"text\":\"Sunny, 21C.\",\"annotations\":[]}]}]"
            + usage);
    String tools =
        "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":"
            + "\"Weather in a city\",\"strict\":true,\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
            + "\"additionalProperties\":false}}]";
    Path store = dir.resolve("responses.duckdb");
    try (Serving serving =
        Serving.start(
            store,
            "127.0.0.1",
            0,
            new AnnotateOptions("tester", null),
            List.of(new RecordingProxy(new ProxyOptions(base(), "fake", null))),
            new PrintWriter(new StringWriter()))) {
      String proxy = "http://127.0.0.1:" + serving.port() + "/v1/responses";
      assertEquals(
          200,
          post(
              proxy,
              "{\"model\":\"gpt-test\",\"instructions\":\"Be brief.\",\"input\":"
                  + "\"Weather in Paris?\","
                  + tools
                  + "}"));
      assertEquals(
          200,
          post(
              proxy,
              "{\"model\":\"gpt-test\",\"previous_response_id\":\"resp_1\",\"input\":[{"
                  + "\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":"
                  + "\"sunny, 21C\"}],"
                  + tools
                  + "}"));
    }
    try (DuckDbTraceStore labels = DuckDbTraceStore.open(store)) {
      List<dev.distillery.trace.Run> runs = labels.runs(RunFilter.latest(10));
      assertEquals(1, runs.size(), "previous_response_id continued the run");
      labels.annotate(
          new Annotation(
              Ids.newId(),
              runs.get(0).id(),
              null,
              "tester",
              "correct",
              List.of(),
              null,
              Instant.now()));
    }
    CliHarness cli = new CliHarness(dir);
    for (String format : List.of("openai", "trl-sft", "sharegpt", "atif", "raw")) {
      Path out = dir.resolve("responses-" + format);
      CliHarness.Result export =
          cli.run(
              "export", "--store", store.toString(), "--format", format, "--out", out.toString());
      assertEquals(0, export.exitCode(), format + ": " + export.err());
      String written = readAll(out);
      assertTrue(written.contains("sunny, 21C"), format + " has the tool result: " + written);
      assertTrue(written.contains("Sunny, 21C."), format + " has the answer: " + written);
      assertTrue(written.contains("Be brief."), format + " has the instructions: " + written);
      if (!format.equals("sharegpt")) {
        assertTrue(written.contains("get_weather"), format + " has the tool: " + written);
      }
    }
    String openai = readAll(dir.resolve("responses-openai"));
    assertTrue(openai.contains("\"tools\":[{\"type\":\"function\""), openai);
    assertTrue(openai.contains("\"required\":[\"city\"]"), openai);
  }

  @Test
  void should_refuse_an_upstream_that_is_neither_a_url_nor_a_provider() {
    CliHarness.Result result =
        new CliHarness(dir).run("serve", "--port", "0", "--upstream", "nowhere");
    assertEquals(ExitCode.USAGE, result.exitCode(), result.err());
    assertTrue(result.err().contains("--upstream must be a URL"), result.err());
    assertTrue(result.err().contains("vllm"), "names the providers: " + result.err());
  }

  @Test
  void should_take_a_providers_base_url_and_key_variable_for_the_upstream() throws Exception {
    Files.writeString(
        dir.resolve("distillery.json"),
        "{\"providers\":{\"gpu\":{\"base_url\":\"http://gpu:8000/v1\",\"api_key_env\":"
            + "\"GPU_KEY\"}}}");
    Context context = new Context(Map.of("GPU_KEY", "gpu-secret-123456"), System.in, dir, false);
    ProxyOptions options = ProxyUpstream.resolve("gpu", "90s", context);
    assertEquals("http://gpu:8000/v1", options.upstream());
    assertEquals("gpu", options.provider());
    assertEquals("gpu-secret-123456", options.apiKey());
    assertEquals(Duration.ofSeconds(90), options.idle());
    assertTrue(!options.toString().contains("gpu-secret"), options.toString());
    ProxyOptions url = ProxyUpstream.resolve("http://localhost:9/v1/", "5m", context);
    assertEquals("http://localhost:9/v1", url.upstream());
    assertNull(url.apiKey());
    assertEquals(Duration.ofMinutes(5), url.idle());
    assertEquals(Duration.ofMillis(250), ProxyUpstream.duration("250ms"));
    assertEquals(Duration.ofHours(1), ProxyUpstream.duration("1h"));
  }

  private void startUpstream() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // the Responses API answers from the same queue: each test sends one kind of request
    upstream.createContext("/v1/responses", exchange -> answer(exchange));
    upstream.createContext(
        "/v1/chat/completions",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String answer = answers.poll();
          byte[] body =
              (answer == null ? "{\"error\":{\"message\":\"none left\"}}" : answer)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer == null ? 500 : 200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    upstream.start();
  }

  private void answer(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
    exchange.getRequestBody().readAllBytes();
    String answer = answers.poll();
    byte[] body =
        (answer == null ? "{\"error\":{\"message\":\"none left\"}}" : answer)
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer == null ? 500 : 200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private String base() {
    return "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1";
  }

  private int post(String url, String body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static String choice(String message, String finishReason) {
    return "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"gpt-test\",\"choices\":[{"
        + "\"index\":0,\"message\":"
        + message
        + ",\"finish_reason\":\""
        + finishReason
        + "\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":4}}";
  }

  private static String readAll(Path folder) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        if (file.toString().endsWith(".jsonl") || file.toString().endsWith(".json")) {
          all.append(Files.readString(file));
        }
      }
    }
    return all.toString();
  }
}
