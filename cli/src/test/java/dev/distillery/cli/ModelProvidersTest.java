package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run and chat against a real local OpenAI-compatible server named as a provider in the settings.
 */
class ModelProvidersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-local-0123456789secret";

  @TempDir Path dir;
  private HttpServer server;
  private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  /** Answers request N (0-based) with {@code replies.apply(N)}: an SSE body, or JSON. */
  private String serve(Function<Integer, String> replies) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          bodies.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          String reply = replies.apply(bodies.size() - 1);
          boolean events = reply.startsWith("data:");
          send(exchange, events ? "text/event-stream" : "application/json", reply);
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private static void send(HttpExchange exchange, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static String sse(String... chunks) {
    StringBuilder body = new StringBuilder();
    for (String chunk : chunks) {
      body.append("data: ").append(chunk).append("\n\n");
    }
    return body.append("data: [DONE]\n\n").toString();
  }

  private void settings(String url, String models) throws IOException {
    Files.writeString(
        dir.resolve("distillery.json"),
        """
        {"providers": {"local": {"base_url": "%s", "api_key_env": "LOCAL_KEY"}},
         "models": %s}
        """
            .formatted(url, models));
  }

  private static final String STREAMED_TOOL_CALL =
      sse(
          "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"bash\",\"arguments\":\"{\\\"command\\\":\"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" \\\"echo hi > hi.txt\\\"}\"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
          "{\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500}}");

  private static final String STREAMED_ANSWER =
      sse(
          "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Wrote \"}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi.txt.\"}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
          "{\"choices\":[],\"usage\":{\"prompt_tokens\":2000,\"completion_tokens\":100}}");

  @Test
  void should_stream_a_named_providers_reply_live_and_record_it_priced_without_the_key()
      throws Exception {
    String url = serve(n -> n == 0 ? STREAMED_TOOL_CALL : STREAMED_ANSWER);
    settings(url, "{\"tiny\": {\"input_per_million\": 100, \"output_per_million\": 200}}");
    Files.createDirectories(dir.resolve("work"));
    CliHarness cli = new CliHarness(dir).env("LOCAL_KEY", KEY);

    CliHarness.Result run =
        cli.run("run", "-p", "write hi.txt", "-m", "local/tiny", "--workdir", "work");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("Wrote hi.txt.\n", run.out());
    assertTrue(
        run.err().contains("Wrote hi.txt.\n"), "the text streams live on stderr: " + run.err());
    assertEquals("hi\n", Files.readString(dir.resolve("work/hi.txt")));
    assertEquals(List.of("Bearer " + KEY, "Bearer " + KEY), authorizations);
    assertEquals("tiny", bodies.get(0).path("model").asText(), "the provider prefix is not sent");
    assertTrue(bodies.get(0).path("stream").asBoolean());
    assertEquals("bash", bodies.get(0).path("tools").get(0).path("function").path("name").asText());
    CliHarness.Result calls =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select model, provider, prompt_tokens, completion_tokens, round(cost_usd, 6) as cost"
                + " from model_calls order by seq");
    assertEquals(
        "model,provider,prompt_tokens,completion_tokens,cost\n"
            + "tiny,local,1000,500,0.2\n"
            + "tiny,local,2000,100,0.22\n",
        calls.out());
    CliHarness.Result leaked =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select (select count(*) from events where data::varchar like '%"
                + KEY
                + "%')"
                + " + (select count(*) from runs where to_json(runs)::varchar like '%"
                + KEY
                + "%') as n");
    assertEquals("n\n0\n", leaked.out(), leaked.err());
  }

  @Test
  void should_stop_with_one_line_when_a_providers_key_is_not_set() {
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.run("run", "-p", "hi", "-m", "openai/gpt-4o-mini");

    assertEquals(1, run.exitCode());
    assertEquals(
        "distillery: provider openai needs a key: set $OPENAI_API_KEY (or give --api-key)",
        run.err().strip());
  }

  @Test
  void should_call_tools_in_text_for_a_model_the_catalog_marks_without_native_tools()
      throws Exception {
    String tagged =
        "I'll write it.\\n<tool_call>{\\\"name\\\": \\\"write_file\\\", \\\"arguments\\\":"
            + " {\\\"path\\\": \\\"t.txt\\\", \\\"content\\\": \\\"tagged\\\"}}</tool_call>";
    String url =
        serve(
            n ->
                ("{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"%s\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5}}")
                    .formatted(n == 0 ? tagged : "Done."));
    settings(url, "{\"old-model\": {\"native_tools\": false, \"streaming\": false}}");
    CliHarness cli = new CliHarness(dir).env("LOCAL_KEY", KEY);

    CliHarness.Result run = cli.run("run", "-p", "write t.txt", "-m", "local/old-model");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("tagged", Files.readString(dir.resolve("t.txt")));
    assertFalse(bodies.get(0).has("tools"), "no tool specs go to this model");
    assertFalse(bodies.get(0).has("stream"), "the catalog says this model does not stream");
    assertTrue(
        bodies.get(0).path("messages").get(0).path("content").asText().contains("<tool_call>"),
        "the tools are described in the system prompt");
    CliHarness.Result recorded =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select name, text from events where kind = 'tool_call' order by seq");
    assertTrue(recorded.out().startsWith("name,text\nwrite_file,"), recorded.out());
  }

  @Test
  void should_name_the_field_of_a_models_entry_that_is_wrong() throws Exception {
    settings("http://127.0.0.1:9/v1", "{\"tiny\": {\"context\": 100}}");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.run("run", "-p", "hi", "-m", "local/tiny");

    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("model \"tiny\" has an unknown field \"context\""), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  @Test
  void should_print_a_streamed_chat_answer_once() throws Exception {
    String url = serve(n -> STREAMED_ANSWER);
    settings(url, "{}");
    CliHarness cli = new CliHarness(dir).env("LOCAL_KEY", KEY);

    CliHarness.Result chat = cli.runWithInput("hello\n", "chat", "-m", "local/tiny");

    assertEquals(0, chat.exitCode(), chat.err());
    assertEquals("Wrote hi.txt.\n", chat.out());
  }

  @Test
  void should_refuse_an_unknown_tool_call_format_as_a_wrong_command_line() {
    CliHarness.Result run =
        new CliHarness(dir).run("run", "-p", "hi", "--script", "none.json", "--tool-calls", "xml");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--tool-calls must be native or text, not \"xml\""), run.err());
  }
}
