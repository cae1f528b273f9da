package dev.distillery.bench;

import dev.distillery.cli.ExitCode;
import dev.distillery.cli.FakeModelServer;
import dev.distillery.cli.Main;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery bench startup}: how long a new process takes before it is of use. */
@Command(
    name = "startup",
    mixinStandardHelpOptions = true,
    description = {
      "Time start-up: --help, the first model request, serve listening.",
      "Each as a new process, beside `java -version` in the same run: `--help` until it exits; a",
      "run until its first request reaches a local fake model; serve until it says it listens.",
      "Measures `java -jar JAR` ($DISTILLERY_JAR, which the launcher sets) and the launcher",
      "($DISTILLERY_LAUNCHER), else this process's class path."
    })
final class StartupBenchCommand implements Callable<Integer> {
  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description = "Processes per figure; the median and the fastest are shown (default 5).")
  int runs;

  @Option(
      names = "--launcher",
      paramLabel = "PATH",
      description = "The launcher to measure (default: $DISTILLERY_LAUNCHER).")
  Path launcher;

  @Option(
      names = "--jar",
      paramLabel = "JAR",
      description = "The jar to measure with java -jar (default: $DISTILLERY_JAR).")
  Path jar;

  private static final String STORE = "bench.duckdb";

  /** One way to start the command line: a label and the command before the arguments. */
  record Variant(String label, List<String> command) {}

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new UsageException("--runs must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("distillery-startup");
    try (FakeModelServer model =
        FakeModelServer.start(List.of(FakeModelServer.Reply.text("done")))) {
      String java = java();
      Timing baseline = time(runs, () -> exits(work, List.of(java, "-version")));
      out.printf(
          Locale.ROOT,
          "%-34s %s   (baseline: a JVM that starts and exits)%n",
          "java -version",
          baseline);
      out.printf(
          Locale.ROOT,
          "%-34s %-22s %-22s %s%n",
          "median (fastest) of " + runs,
          "--help",
          "first model request",
          "serve listening");
      for (Variant variant : variants(java)) {
        Timing help = time(runs, () -> exits(work, with(variant, "--help")));
        Timing first = time(runs, () -> firstRequest(work, variant, model));
        Timing serve = time(runs, () -> listening(work, variant));
        out.printf(Locale.ROOT, "%-34s %-22s %-22s %s%n", variant.label(), help, first, serve);
        out.flush();
      }
    } finally {
      TempFiles.deleteTree(work);
    }
    out.flush();
    return ExitCode.OK;
  }

  private List<Variant> variants(String java) {
    var env = bench.context.env();
    Path jarFile = jar != null ? jar : pathFrom(env.get("DISTILLERY_JAR"));
    Path launcherFile = launcher != null ? launcher : pathFrom(env.get("DISTILLERY_LAUNCHER"));
    List<Variant> variants = new ArrayList<>();
    if (jarFile != null) {
      variants.add(
          new Variant("java -jar " + jarFile.getFileName(), List.of(java, "-jar", abs(jarFile))));
    }
    if (launcherFile != null) {
      variants.add(
          new Variant(launcherFile.getFileName() + " (launcher)", List.of(abs(launcherFile))));
    }
    if (variants.isEmpty()) {
      variants.add(
          new Variant(
              "java -cp (this class path)",
              List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())));
    }
    return variants;
  }

  private String abs(Path path) {
    return bench.context.cwd().resolve(path).toAbsolutePath().toString();
  }

  private static Path pathFrom(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> with(Variant variant, String... args) {
    List<String> command = new ArrayList<>(variant.command());
    command.addAll(Arrays.asList(args));
    return command;
  }

  /** Milliseconds until the process exits. */
  private static double exits(Path work, List<String> command) throws Exception {
    long start = System.nanoTime();
    Process process = start(work, command);
    process.getInputStream().transferTo(OutputStream.nullOutputStream());
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
    return (System.nanoTime() - start) / 1e6;
  }

  /** Milliseconds from the start of {@code run} until its first request reaches the model. */
  private static double firstRequest(Path work, Variant variant, FakeModelServer model)
      throws Exception {
    Path store = work.resolve(STORE);
    model.reset();
    List<String> command =
        with(
            variant,
            "run",
            "-p",
            "say done",
            "-m",
            "bench",
            "--base-url",
            model.baseUrl(),
            "--store",
            store.toString(),
            "--snapshots",
            "off",
            "--no-stream");
    long start = System.nanoTime();
    exits(work, command);
    return (model.firstRequestNanos() - start) / 1e6;
  }

  /** Milliseconds from the start of {@code serve} (over the runs' store) until it listens. */
  private static double listening(Path work, Variant variant) throws Exception {
    Path store = work.resolve(STORE);
    long start = System.nanoTime();
    Process process =
        start(work, with(variant, "serve", "--port", "0", "--store", store.toString()));
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("serving ")) {
          return (System.nanoTime() - start) / 1e6;
        }
      }
      throw new IllegalStateException("serve ended without listening");
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static Process start(Path work, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.redirectErrorStream(true);
    builder.environment().remove("DISTILLERY_STORE");
    builder.environment().remove("DISTILLERY_CONFIG");
    builder.environment().remove("DISTILLERY_MODEL");
    return builder.start();
  }

  /** A measurement that can fail. */
  interface Sample {
    double millis() throws Exception;
  }

  /** The median and the fastest of N samples. */
  record Timing(double median, double fastest) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,.0f ms (%,.0f)", median, fastest);
    }
  }

  private static Timing time(int n, Sample sample) throws Exception {
    double[] samples = new double[n];
    for (int i = 0; i < n; i++) {
      samples[i] = sample.millis();
    }
    Arrays.sort(samples);
    return new Timing(samples[n / 2], samples[0]);
  }
}
