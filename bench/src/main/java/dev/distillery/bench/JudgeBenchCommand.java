package dev.distillery.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.cli.Context;
import dev.distillery.cli.ExitCode;
import dev.distillery.cli.FakeModelServer;
import dev.distillery.cli.Main;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import dev.distillery.store.GeneratedStore;
import dev.distillery.trace.DistilleryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
      "fake (FakeModelServer) that answers each call after --latency-ms; the ideal is concurrency /",
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
    String verdict =
        "{\"label\":\"correct\",\"tags\":[],\"reason\":\"The check passed.\",\"step\":null}";
    try (FakeModelServer server =
        FakeModelServer.start(
            List.of(new FakeModelServer.Reply(null, "record_verdict", verdict)),
            new FakeModelServer.Options(
                Duration.ofMillis(latencyMs),
                Math.max(16, concurrency * 2),
                body -> {
                  long chars = sentChars(body);
                  calls.incrementAndGet();
                  promptChars.addAndGet(chars);
                  return chars / 4;
                }))) {
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
              server.baseUrl(),
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
      TempFiles.deleteTree(work);
    }
    return ExitCode.OK;
  }

  /** The characters of the messages and tools a judge call sends. */
  private static long sentChars(String body) {
    try {
      JsonNode request = JSON.readTree(body);
      long chars = 0;
      for (JsonNode message : request.path("messages")) {
        chars += message.path("content").asText("").length();
      }
      return chars + request.path("tools").toString().length();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
