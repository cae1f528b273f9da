package dev.distillery.bench;

import dev.distillery.cli.ExitCode;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery bench soak}: kill -9 scripted runs at random points, many times, and resume
 * them; every committed event must survive and every run end as an uninterrupted one does.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Kill scripted runs at random points and resume them until each ends.",
      "Kills with SIGKILL (child JVMs, tools that sleep, a file rewritten in place) and resumes"
          + " from the last checkpoint.",
      "Checks that every event a child reported committed is in the store and that every run"
          + " ends with the outcome, answer, check and workspace of an uninterrupted run."
    })
final class SoakBenchCommand implements Callable<Integer> {
  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(names = "--kills", defaultValue = "100", description = "Kills at least (default 100).")
  int kills;

  @Option(
      names = "--runs",
      description = "Runs at least (default: half the kills, so two kills a run).")
  Integer runs;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "Runs killed and resumed at once, each worker over its own store (default 2).")
  int workers;

  @Option(
      names = "--cost-runs",
      defaultValue = "10",
      description =
          "First measure what checkpoints cost: runs of the task per snapshot mode (default 10;"
              + " 0 skips it).")
  int costRuns;

  @Option(
      names = "--cost-files",
      defaultValue = "500",
      description = "Files of 8 KiB in the workspace for the cost runs (default 500).")
  int costFiles;

  @Option(names = "--seed", description = "Random seed (default: the clock).")
  Long seed;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the throw-away stores and workspaces go (default: the temp directory).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    int runCount = runs == null ? Math.max(1, kills / 2) : runs;
    if (kills < 1 || runCount < 1 || workers < 1) {
      throw new UsageException("--kills, --runs and --workers must be at least 1");
    }
    Path parent =
        dir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : bench.context.cwd().resolve(dir);
    Files.createDirectories(parent);
    Path where = Files.createTempDirectory(parent, "distillery-soak-");
    long usedSeed = seed == null ? System.nanoTime() : seed;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.printf(
        Locale.ROOT,
        "soak: >= %d runs, >= %d kills, %d workers, seed %d%n",
        runCount,
        kills,
        workers,
        usedSeed);
    out.flush();
    try {
      if (costRuns > 0) {
        out.printf(
            Locale.ROOT,
            "checkpoint cost: the task in process, %d files of 8 KiB in the workspace, %d runs"
                + " each%n",
            costFiles,
            costRuns);
        List<CheckpointCost.Row> rows =
            CheckpointCost.measure(
                Files.createDirectories(where.resolve("cost")), costRuns, costFiles);
        double none = rows.get(0).millisPerRun();
        for (CheckpointCost.Row row : rows) {
          out.printf(
              Locale.ROOT,
              "  checkpoints %-5s %8.1f ms a run   %+7.1f ms a checkpoint   %7.2f MB of"
                  + " snapshots a run%n",
              row.mode(),
              row.millisPerRun(),
              (row.millisPerRun() - none) / 7,
              row.diskBytesPerRun() / 1e6);
        }
        out.flush();
      }
      SoakHarness baseline =
          new SoakHarness(Files.createDirectories(where.resolve("baseline")), 0, null);
      long baselineMillis = 0;
      for (int i = 0; i < 3; i++) {
        baselineMillis += baseline.uninterruptedMillis();
      }
      out.printf(
          Locale.ROOT,
          "baseline: an uninterrupted run in a child JVM takes %.2f s (mean of 3)%n",
          baselineMillis / 3000.0);
      out.flush();
      SoakHarness.Result result =
          SoakHarness.parallel(where, usedSeed, runCount, kills, workers, err);
      out.printf(
          Locale.ROOT,
          "runs %d   kills %d   resumes %d   committed events checked %,d   problems %d%n",
          result.runs(),
          result.kills(),
          result.resumes(),
          result.eventsChecked(),
          result.problems().size());
      out.printf(
          Locale.ROOT,
          "%.1f s in all; %.2f s per run and %.2f s per kill, per worker%n",
          result.millis() / 1000.0,
          result.millis() / 1000.0 * workers / Math.max(1, result.runs()),
          result.millis() / 1000.0 * workers / Math.max(1, result.kills()));
      result.problems().forEach(problem -> out.println("PROBLEM " + problem));
      out.flush();
      return result.problems().isEmpty() ? ExitCode.OK : ExitCode.RUN_FAILED;
    } finally {
      TempFiles.deleteTree(where);
    }
  }
}
