package dev.distillery.bench;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.AnnotateServer;
import dev.distillery.annotate.IngestTarget;
import dev.distillery.cli.ExitCode;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.GeneratedStore;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Overview;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery bench ui}: page latency through HTTP over a generated store, beside the same
 * store reads without HTTP or rendering.
 */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = {
      "Time the annotation pages over HTTP beside plain store reads.",
      "The runs list, filtered lists, a run page and the overview over a generated store, beside the same",
      "store reads without HTTP or rendering."
    })
final class UiBenchCommand implements Callable<Integer> {
  private static final int WARM_UP = 5;

  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "100000",
      description = "Runs to generate, 20 events each (default 100,000: 2,000,000 events).")
  long runs;

  @Option(
      names = "--samples",
      defaultValue = "200",
      description = "Requests timed per page (default 200).")
  int samples;

  @Option(
      names = "--only",
      paramLabel = "TEXT",
      description = "Time only the pages whose name holds TEXT (e.g. overview).")
  String only;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description = {
        "Time over this store instead of generating one (a generated store takes minutes on a busy",
        "machine): the bench opens it for writing and leaves it as it was. --runs must still say how",
        "many runs it has (run ids g00000000 on)."
      })
  Path store;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the throw-away store goes (default: the system temp directory).")
  Path dir;

  /** One page: its URL for sample i, and the same reads straight from the store. */
  private record Case(String name, IntFunction<String> path, IntFunction<Object> baseline) {}

  @Override
  public Integer call() throws Exception {
    if (runs < 10 || samples < 1) {
      throw new UsageException("--runs must be at least 10 and --samples at least 1");
    }
    Path where =
        dir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : bench.context.cwd().resolve(dir);
    PrintWriter out = spec.commandLine().getOut();
    if (store != null) {
      measure(bench.context.cwd().resolve(store), out);
      return ExitCode.OK;
    }
    Path work = Files.createTempDirectory(Files.createDirectories(where), "distillery-ui-bench-");
    try {
      Path file = work.resolve("ui.duckdb");
      out.printf(Locale.ROOT, "generating %,d runs (%,d events) ...%n", runs, runs * 20);
      out.flush();
      long start = System.nanoTime();
      GeneratedStore.create(file, runs);
      out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
      measure(file, out);
    } finally {
      TempFiles.deleteTree(work);
    }
    return ExitCode.OK;
  }

  private void measure(Path file, PrintWriter out) throws IOException, InterruptedException {
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      Javalin app =
          AnnotateServer.create(
                  store,
                  store.console(),
                  new IngestTarget(store, file),
                  new AnnotateOptions("bench", null))
              .start("127.0.0.1", 0);
      try {
        URI base = URI.create("http://127.0.0.1:" + app.port());
        HttpClient http = HttpClient.newHttpClient();
        out.printf(
            Locale.ROOT,
            "%-34s %21s   %21s%n",
            "page (" + samples + " requests each)",
            "through HTTP",
            "store reads only");
        for (Case page : cases(store)) {
          if (only != null && !page.name().contains(only)) {
            continue;
          }
          double[] viaHttp = new double[samples];
          double[] direct = new double[samples];
          for (int i = -WARM_UP; i < samples; i++) {
            long t0 = System.nanoTime();
            get(http, base.resolve(page.path().apply(Math.max(i, 0))));
            long t1 = System.nanoTime();
            page.baseline().apply(Math.max(i, 0));
            long t2 = System.nanoTime();
            if (i >= 0) {
              viaHttp[i] = (t1 - t0) / 1e6;
              direct[i] = (t2 - t1) / 1e6;
            }
          }
          out.printf(
              Locale.ROOT,
              "%-34s p50 %6.1f  p95 %6.1f ms   p50 %6.1f  p95 %6.1f ms%n",
              page.name(),
              percentile(viaHttp, 50),
              percentile(viaHttp, 95),
              percentile(direct, 50),
              percentile(direct, 95));
          out.flush();
        }
      } finally {
        app.stop();
      }
    }
  }

  private List<Case> cases(DuckDbTraceStore store) {
    RunFilter latest = RunFilter.latest(50);
    RunFilter failedModel =
        latest.toBuilder()
            .check(CheckStatus.FAIL)
            .label(RunFilter.Label.UNLABELLED)
            .sort(RunFilter.Sort.MOST_TOKENS)
            .build();
    RunFilter search = latest.toBuilder().text(GeneratedStore.NEEDLE).build();
    RunFilter tag = latest.toBuilder().tag("looped").sort(RunFilter.Sort.OLDEST).build();
    String model = store.runs(RunFilter.latest(1)).get(0).spec().model();
    return List.of(
        new Case("runs list, newest, page 1", i -> "/", i -> list(store, latest)),
        new Case(
            "runs list, page 200", i -> "/?page=200", i -> list(store, latest.page(50, 199 * 50))),
        new Case(
            "check=fail, unlabelled, most tokens",
            i -> "/?check=fail&label=unlabelled&sort=most_tokens",
            i -> list(store, failedModel)),
        new Case(
            "search outputs (1 run in 1,000)",
            i -> "/?q=" + GeneratedStore.NEEDLE,
            i -> list(store, search)),
        new Case("tag=looped, oldest", i -> "/?tag=looped&sort=oldest", i -> list(store, tag)),
        new Case("overview, all runs", i -> "/overview", i -> store.overview(Overview.Filter.ALL)),
        new Case(
            "overview, one model",
            i -> "/overview?model=" + model,
            i -> store.overview(new Overview.Filter(null, null, model, null, null))),
        new Case(
            "run page (20 steps)",
            i -> "/runs/" + runId(i),
            i -> {
              Run run = store.run(runId(i)).orElseThrow();
              return List.of(store.events(run.id()), store.annotations(run.id()));
            }));
  }

  /** A run spread over the store, different for each sample. */
  private String runId(int sample) {
    long r = (sample * 7_919L) % runs;
    return String.format(Locale.ROOT, "g%08d", r);
  }

  private static Object list(DuckDbTraceStore store, RunFilter filter) {
    List<Run> page = store.runs(filter);
    return List.of(
        page, store.countRuns(filter), store.annotationsOf(page.stream().map(Run::id).toList()));
  }

  private static void get(HttpClient http, URI uri) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new DistilleryException(uri.getPath() + " answered " + response.statusCode());
    }
  }

  private static double percentile(double[] values, int percent) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
