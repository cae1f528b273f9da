package dev.distillery.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distillery.cli.Context;
import dev.distillery.cli.ExitCode;
import dev.distillery.cli.Main;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import dev.distillery.store.GeneratedStore;
import dev.distillery.trace.DistilleryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery bench judge}: runs judged per second against a slow judge, beside the ideal.
 */
@Command(
    name = "judge",
    mixinStandardHelpOptions = true,
    description = {
      "Time the judge against a slow fake model, beside the ideal rate.",
      "Over a generated store, the real command grades every run through a local OpenAI-compatible",
      "fake (JDK HttpServer) that answers each call after --latency-ms; the ideal is concurrency /",
      "latency. Also the prompt tokens a run costs (4 characters a token, as compaction counts)."
    })
final class JudgeBenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(names = "--runs", defaultValue = "200", description = "Runs to judge (default 200).")
  int runs;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      description = "Concurrent judge calls (default 8).")
  int concurrency;

  @Option(
      names = "--latency-ms",
      defaultValue = "500",
      description = "The fake judge's time to answer one call (default 500 ms).")
  int latencyMs;

  @Override
  public Integer call() throws IOException {
    if (runs < 10 || concurrency < 1 || latencyMs < 0) {
      throw new UsageException(
          "--runs must be at least 10, --concurrency at least 1, --latency-ms at least 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("distillery-bench-judge-");
    AtomicLong calls = new AtomicLong();
    AtomicLong promptChars = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(16, concurrency * 2));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", exchange -> answer(exchange, calls, promptChars));
    server.start();
    try {
      out.printf(Locale.ROOT, "generating %,d runs ...%n", runs);
      out.flush();
      Path file = work.resolve("bench.duckdb");
      GeneratedStore.create(file, runs);
      ByteArrayOutputStream judged = new ByteArrayOutputStream();
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      long start = System.nanoTime();
      int code =
          Main.execute(
              new Context(bench.context.env(), bench.context.in(), work, false),
              new PrintStream(judged, true, StandardCharsets.UTF_8),
              new PrintStream(errors, true, StandardCharsets.UTF_8),
              "judge",
              "--store",
              file.toString(),
              "--model",
              "bench-judge",
              "--base-url",
              "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
              "--api-key",
              "bench",
              "--concurrency",
              String.valueOf(concurrency));
      double seconds = (System.nanoTime() - start) / 1e9;
      if (code != 0) {
        throw new DistilleryException(
            "distillery judge failed: " + errors.toString(StandardCharsets.UTF_8).strip());
      }
      double ideal = latencyMs == 0 ? Double.NaN : concurrency * 1000.0 / latencyMs;
      out.print(judged.toString(StandardCharsets.UTF_8));
      out.printf(
          Locale.ROOT,
          "judge: %d runs in %.2f s = %.2f runs/s with %d concurrent calls at %d ms"
              + " (ideal %d / %.1f s = %.1f runs/s, %.0f%%)%n",
          calls.get(),
          seconds,
          calls.get() / seconds,
          concurrency,
          latencyMs,
          concurrency,
          latencyMs / 1000.0,
          ideal,
          100 * calls.get() / seconds / ideal);
      out.printf(
          Locale.ROOT,
          "prompt tokens a run: %,d (characters sent / 4)%n",
          calls.get() == 0 ? 0 : promptChars.get() / 4 / calls.get());
      out.flush();
    } finally {
      server.stop(0);
      pool.shutdownNow();
      TempFiles.deleteTree(work);
    }
    return ExitCode.OK;
  }

  /** After the latency, a well-formed verdict; counts the characters of the messages sent. */
  private void answer(HttpExchange exchange, AtomicLong calls, AtomicLong promptChars)
      throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      long chars = 0;
      for (JsonNode message : request.path("messages")) {
        chars += message.path("content").asText("").length();
      }
      chars += request.path("tools").toString().length();
      promptChars.addAndGet(chars);
      try {
        Thread.sleep(latencyMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      calls.incrementAndGet();
      String arguments =
          "{\"label\":\"correct\",\"tags\":[],\"reason\":\"The check passed.\",\"step\":null}";
      byte[] body =
          ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
                  + "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"record_verdict\","
                  + "\"arguments\":"
                  + JSON.writeValueAsString(arguments)
                  + "}}]},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":"
                  + (chars / 4)
                  + ",\"completion_tokens\":30}}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
