package dev.distillery.bench;

import dev.distillery.cli.ExitCode;
import dev.distillery.cli.UsageException;
import dev.distillery.store.BenchResult;
import dev.distillery.store.StoreBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery bench store}: the store's write speed beside DuckDB's raw Appender on the same
 * rows, in the same run, and the latency of the per-event durable commit.
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = {
      "Time the store's write path beside DuckDB's raw Appender.",
      "N synthetic events (~500 characters each) through our write path and, on the same rows,",
      "through DuckDB's raw Appender; plus p50/p99 of the per-event commit."
    })
final class StoreBenchCommand implements Callable<Integer> {
  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "1000000",
      description = "Events to write (default 1,000,000).")
  int events;

  @Option(
      names = "--batch",
      defaultValue = "10000",
      description = "Events per bulk write (default 10,000).")
  int batch;

  @Option(
      names = "--latency-samples",
      defaultValue = "2000",
      description = "Single durable commits to time (default 2,000).")
  int latencySamples;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the throw-away files go (default: the system temp directory).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (events < 1 || batch < 1 || latencySamples < 1) {
      throw new UsageException("--events, --batch and --latency-samples must be at least 1");
    }
    Path where =
        dir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : bench.context.cwd().resolve(dir);
    Files.createDirectories(where);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "writing %,d events in batches of %,d ...%n", events, batch);
    out.flush();
    BenchResult result = StoreBenchmark.run(where, events, batch, latencySamples);
    out.printf(
        Locale.ROOT, "store (recordAll)     %,12.0f events/s%n", result.storeEventsPerSecond());
    out.printf(
        Locale.ROOT,
        "raw DuckDB Appender   %,12.0f events/s   (baseline, same rows)%n",
        result.appenderEventsPerSecond());
    out.printf(
        Locale.ROOT, "ratio                 %12.2f            (target >= 0.50)%n", result.ratio());
    out.printf(
        Locale.ROOT,
        "per-event commit      p50 %.2f ms   p99 %.2f ms   (%,d samples)%n",
        result.p50Millis(),
        result.p99Millis(),
        result.latencySamples());
    out.flush();
    return ExitCode.OK;
  }
}
