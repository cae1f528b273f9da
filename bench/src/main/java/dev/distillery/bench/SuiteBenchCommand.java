package dev.distillery.bench;

import dev.distillery.cli.ExitCode;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.process.ShellCommand;
import dev.distillery.runtime.suite.Suite;
import dev.distillery.runtime.suite.SuiteFile;
import dev.distillery.runtime.suite.SuiteRunner;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Ids;
import dev.distillery.trace.TraceSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery bench suite}: the harness's cost per attempt. A suite of small tasks runs with
 * the scripted model (write a file, then answer), recorded into a fresh store; the baseline does
 * the same file-system and check work with no loop and no recording: seed the workspace, run the
 * check, delete it.
 */
@Command(
    name = "suite",
    mixinStandardHelpOptions = true,
    description = {
      "Time the harness's overhead per suite attempt.",
      "A scripted suite recorded into a fresh store, at concurrency 1 and 2, beside a baseline",
      "that only seeds workspaces and runs the checks."
    })
final class SuiteBenchCommand implements Callable<Integer> {
  /** The scripted model's two turns: write out.txt, then answer (also bench scale's). */
  static final String SCRIPT =
      "[{\"tool_calls\": [{\"name\": \"write_file\", \"arguments\": {\"path\": \"out.txt\","
          + " \"content\": \"done\\n\"}}]}, {\"content\": \"Wrote out.txt.\"}]";

  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(names = "--tasks", defaultValue = "50", description = "Tasks in the suite (default 50).")
  int tasks;

  @Option(names = "--attempts", defaultValue = "4", description = "Attempts per task (default 4).")
  int attempts;

  @Override
  public Integer call() throws Exception {
    if (tasks < 1 || attempts < 1) {
      throw new UsageException("--tasks and --attempts must be at least 1");
    }
    Path dir = Files.createTempDirectory("distillery-bench-suite-");
    try {
      Suite suite = SuiteFile.read(writeSuite(dir, "suite.jsonl", tasks));
      PrintWriter out = spec.commandLine().getOut();
      int total = tasks * attempts;
      out.printf(Locale.ROOT, "%d tasks x %d attempts = %d attempts%n", tasks, attempts, total);
      for (int concurrency : new int[] {1, 2}) {
        double baseline = baseline(suite, dir.resolve("raw-" + concurrency), concurrency);
        double ours = harness(suite, dir.resolve("run-" + concurrency), concurrency);
        out.printf(
            Locale.ROOT,
            "concurrency %d: harness %7.1f attempts/s (%6.1f ms each)   baseline %7.1f attempts/s"
                + " (%6.1f ms each)   overhead %6.1f ms/attempt%n",
            concurrency,
            ours,
            1000 / ours * concurrency,
            baseline,
            1000 / baseline * concurrency,
            1000 / ours * concurrency - 1000 / baseline * concurrency);
        out.flush();
      }
    } finally {
      TempFiles.deleteTree(dir);
    }
    return ExitCode.OK;
  }

  /** Writes {@code count} tasks that each pass once out.txt says done, as {@code dir/name}. */
  static Path writeSuite(Path dir, String name, int count) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append(
          String.format(
              Locale.ROOT,
              "{\"id\": \"task-%03d\", \"prompt\": \"Write done to out.txt\", \"files\":"
                  + " {\"input.txt\": \"%d\"}, \"check\": \"grep -q done out.txt\"}%n",
              i,
              i));
    }
    return Files.writeString(dir.resolve(name), lines);
  }

  /** A runner of {@code model} with the default tools, recording into {@code sink}, no prices. */
  static SuiteRunner runner(ModelClient model, TraceSink sink) {
    return new SuiteRunner(model, ToolRegistry.defaults(), sink, new Pricing(Map.of()), null);
  }

  /**
   * A fresh run of {@code tries} attempts a task, workspaces under {@code workspaces}, none kept.
   */
  static SuiteRunner.Options options(int tries, int concurrency, Path workspaces) {
    return new SuiteRunner.Options(
        Ids.newId(),
        tries,
        concurrency,
        SuiteRunner.KeepWorkspaces.NONE,
        workspaces,
        Set.of(),
        LoopOptions.defaults("scripted"),
        "agent");
  }

  /** Attempts per second through the whole harness: loop, tools, check, recording. */
  private double harness(Suite suite, Path dir, int concurrency) throws Exception {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("bench.duckdb"))) {
      SuiteRunner runner = runner(ScriptedModelClient.fromJson(SCRIPT), store);
      SuiteRunner.Options options = options(attempts, concurrency, dir.resolve("ws"));
      long start = System.nanoTime();
      runner.run(suite, options);
      return rate(suite.tasks().size() * attempts, start);
    }
  }

  /** The same workspace and check work with nothing of Distillery around it. */
  private double baseline(Suite suite, Path dir, int concurrency) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int attempt = 1; attempt <= attempts; attempt++) {
        for (var task : suite.tasks()) {
          Path workspace = dir.resolve(task.id() + "-" + attempt);
          futures.add(
              pool.submit(
                  () -> {
                    Files.createDirectories(workspace);
                    for (var file : task.files().entrySet()) {
                      Files.writeString(workspace.resolve(file.getKey()), file.getValue());
                    }
                    Files.writeString(workspace.resolve("out.txt"), "done\n");
                    ShellCommand.run(task.check(), workspace, Duration.ofMinutes(1), 8192);
                    TempFiles.deleteTree(workspace);
                    return null;
                  }));
        }
      }
      for (Future<?> future : futures) {
        future.get();
      }
      return rate(futures.size(), start);
    } finally {
      pool.shutdownNow();
    }
  }

  private static double rate(int count, long startNanos) {
    return count / ((System.nanoTime() - startNanos) / 1e9);
  }
}
