package dev.distillery.bench;

import dev.distillery.cli.ExitCode;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import dev.distillery.runtime.learn.LearnOptions;
import dev.distillery.runtime.learn.Learner;
import dev.distillery.runtime.learn.Lesson;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.GeneratedStore;
import dev.distillery.trace.ExampleQuery;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery bench learn}: what {@code --learn} costs a run before its first turn. */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    description = {
      "Time --learn's examples for a run, beside a scan of the prompts.",
      "Over a generated store, each lesson finds K worked examples for a task (same task first,",
      "then by prompt overlap) and writes them within the budget; also the prompt tokens added."
    })
final class LearnBenchCommand implements Callable<Integer> {
  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "100000",
      description = "Runs to generate (default 100,000; a tenth labelled by two people).")
  long runs;

  @Option(names = "--queries", defaultValue = "200", description = "Lessons to time (default 200).")
  int queries;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the throw-away store goes (default: the system temp directory).")
  Path dir;

  @Override
  public Integer call() throws IOException {
    if (runs < 10 || queries < 1) {
      throw new UsageException("--runs must be at least 10 and --queries at least 1");
    }
    Path parent =
        dir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : bench.context.cwd().resolve(dir);
    Path work = Files.createTempDirectory(parent, "distillery-bench-learn-");
    PrintWriter out = spec.commandLine().getOut();
    try {
      out.printf(Locale.ROOT, "generating %,d runs ...%n", runs);
      out.flush();
      Path file = work.resolve("bench.duckdb");
      GeneratedStore.create(file, runs);
      try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file)) {
        measure(store, out);
      }
    } finally {
      TempFiles.deleteTree(work);
    }
    return ExitCode.OK;
  }

  private void measure(DuckDbTraceStore store, PrintWriter out) {
    String prompt = store.runs(RunFilter.builder().limit(1).build()).get(0).spec().taskPrompt();
    double[] scan = new double[Math.min(queries, 50)];
    for (int i = 0; i < scan.length; i++) {
      long start = System.nanoTime();
      var table =
          store.query("SELECT max(length(task_prompt)) FROM runs WHERE check_status = 'pass'", 1);
      scan[i] = (System.nanoTime() - start) / 1e6;
      if (table.rows().isEmpty()) {
        throw new IllegalStateException("the scan read nothing");
      }
    }
    for (ExampleQuery.Scope scope : ExampleQuery.Scope.values()) {
      Learner learner =
          new Learner(
              Learner.library(store),
              new LearnOptions(3, 1_500, scope, false, null),
              UnaryOperator.identity());
      double[] millis = new double[queries];
      long tokens = 0;
      long examples = 0;
      for (int i = 0; i < queries; i++) {
        String task = "task-" + (i * 37 % 500);
        RunSpec spec =
            new RunSpec(
                "task " + i + ": " + prompt,
                task,
                null,
                1,
                "m",
                "p",
                "agent",
                "/w",
                null,
                null,
                "{}");
        long start = System.nanoTime();
        Lesson lesson = learner.lesson(spec);
        millis[i] = (System.nanoTime() - start) / 1e6;
        tokens += lesson.tokens();
        examples += lesson.used().size();
      }
      Arrays.sort(millis);
      out.printf(
          Locale.ROOT,
          "lesson, scope %-12s p50 %6.1f  p95 %6.1f ms   %.1f examples, %,.0f prompt tokens added"
              + " a run%n",
          scope.wire(),
          percentile(millis, 0.50),
          percentile(millis, 0.95),
          (double) examples / queries,
          (double) tokens / queries);
      out.flush();
    }
    Arrays.sort(scan);
    out.printf(
        Locale.ROOT,
        "baseline: one scan of the runs' prompts   p50 %6.1f  p95 %6.1f ms%n",
        percentile(scan, 0.50),
        percentile(scan, 0.95));
    out.flush();
  }

  private static double percentile(double[] sorted, double fraction) {
    int index = (int) Math.ceil(fraction * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
