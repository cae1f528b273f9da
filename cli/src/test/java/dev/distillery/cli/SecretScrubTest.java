package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key the process authenticates with never reaches the store, whatever the agent's real bash
 * prints: the tool's output, the next request's messages and the run all hold a marker instead.
 */
class SecretScrubTest {
  @TempDir Path dir;
  private HttpServer server;

  /** An OpenAI-compatible server: first a bash call running {@code command}, then an answer. */
  private String serve(String command) throws IOException {
    String call =
        "{\"choices\":[{\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\","
            + "\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"bash\",\"arguments\":"
            + Json.MAPPER.writeValueAsString(
                Json.MAPPER.writeValueAsString(java.util.Map.of("command", command)))
            + "}}]}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5}}";
    String answer =
        "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Done.\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5}}";
    AtomicInteger requests = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
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
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (serving != null) {
      serving.close();
    }
  }

  private Serving serving;

  /** How many stored texts hold {@code text}: events, messages and runs. */
  private static String holding(CliHarness cli, String text) {
    CliHarness.Result result =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select (select count(*) from events where data::varchar like '%"
                + text
                + "%') + (select count(*) from messages where to_json(messages)::varchar like '%"
                + text
                + "%') + (select count(*) from runs where to_json(runs)::varchar like '%"
                + text
                + "%') as n");
    return result.out() + result.err();
  }

  @Test
  void should_record_a_marker_where_a_tool_printed_the_api_key_given_with_the_flag()
      throws Exception {
    String key = "sk-flag-" + Long.toHexString(System.nanoTime()) + "-secret";
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("key.txt"), "OPENAI_API_KEY=" + key + "\n");
    String url = serve("cat key.txt");
    CliHarness cli = new CliHarness(dir);

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
    assertEquals("n\n0\n", holding(cli, key), "the key is nowhere in the store");
    assertEquals(
        "text\nOPENAI_API_KEY=[REDACTED:api_key]\n",
        cli.run(
                "sql",
                "--format",
                "csv",
                "select trim(text, chr(10)) as text from events where kind = 'tool_result'")
            .out());
  }

  @Test
  void should_scrub_the_key_before_sending_steps_to_the_server_that_holds_the_store()
      throws Exception {
    String key = "sk-serve-" + Long.toHexString(System.nanoTime()) + "-secret";
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("key.txt"), key + "\n");
    String url = serve("cat key.txt");
    serving =
        Serving.start(
            dir.resolve(StoreOption.DEFAULT_FILE),
            "127.0.0.1",
            0,
            new AnnotateOptions("tester", null),
            new PrintWriter(new StringWriter()));

    CliHarness.Result run =
        new CliHarness(dir)
            .run(
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
    assertTrue(run.err().contains("recording through distillery serve"), run.err());
    Run recorded = serving.store().runs(RunFilter.latest(1)).get(0);
    List<TraceEvent> events = serving.store().events(recorded.id());
    assertTrue(events.size() > 4, events.toString());
    assertTrue(
        events.stream().noneMatch(event -> event.payload().toString().contains(key)),
        "the server received no step holding the key");
    assertTrue(
        events.stream()
            .anyMatch(event -> event.payload().toString().contains("[REDACTED:api_key]")));
  }

  @Test
  void should_keep_the_jvms_own_key_out_of_the_store_when_bash_reads_the_parents_environment()
      throws Exception {
    String key = "sk-env-" + Long.toHexString(System.nanoTime()) + "-secret";
    Path work = Files.createDirectories(dir.resolve("work"));
    String url = serve("cat /proc/$PPID/environ | tr '\\0' '\\n' | grep OPENAI_API_KEY");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(
        List.of(
            "run",
            "-p",
            "read the parent's environment",
            "-m",
            "tiny",
            "--no-stream",
            "--store",
            dir.resolve(StoreOption.DEFAULT_FILE).toString(),
            "--workdir",
            work.toString()));
    ProcessBuilder child = new ProcessBuilder(command).directory(dir.toFile());
    child.environment().put("OPENAI_API_KEY", key);
    child.environment().put("OPENAI_BASE_URL", url);
    child.redirectErrorStream(true);
    Process process = child.start();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), said);

    assertEquals(0, process.exitValue(), said);
    CliHarness cli = new CliHarness(dir);
    assertEquals("n\n0\n", holding(cli, key), "the key is nowhere in the store: " + said);
    assertEquals(
        "text\nOPENAI_API_KEY=[REDACTED:api_key]\n",
        cli.run(
                "sql",
                "--format",
                "csv",
                "select trim(text, chr(10)) as text from events where kind = 'tool_result'")
            .out(),
        "bash did read the JVM's environment: only the value is gone");
  }
}
