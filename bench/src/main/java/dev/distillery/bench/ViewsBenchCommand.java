package dev.distillery.bench;

import dev.distillery.cli.ExitCode;
import dev.distillery.cli.UsageException;
import dev.distillery.store.ViewsBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery bench views}: each analysis view over a generated store. */
@Command(
    name = "views",
    mixinStandardHelpOptions = true,
    description = {
      "Time each analysis view over a generated store.",
      "Each view (docs/sql.md) over a store of N generated events, beside a plain scan of the",
      "events table."
    })
final class ViewsBenchCommand implements Callable<Integer> {
  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "20000000",
      description = "Events to generate (default 20,000,000).")
  long events;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the throw-away store goes (default: the system temp directory).")
  Path dir;

  @Override
  public Integer call() {
    if (events < 20) {
      throw new UsageException("--events must be at least 20");
    }
    Path where =
        dir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : bench.context.cwd().resolve(dir);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "generating %,d events ...%n", events);
    out.flush();
    ViewsBenchmark.Result result = ViewsBenchmark.run(where, events);
    out.printf(
        Locale.ROOT,
        "%,d events in %,d runs, generated in %.1f s%n",
        result.events(),
        result.runs(),
        result.generateSeconds());
    for (ViewsBenchmark.Timing timing : result.timings()) {
      out.printf(
          Locale.ROOT,
          "%-26s %9.0f ms   %,d rows%n",
          timing.name(),
          timing.millis(),
          timing.rows());
    }
    out.flush();
    return ExitCode.OK;
  }
}
