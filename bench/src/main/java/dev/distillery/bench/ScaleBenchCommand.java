package dev.distillery.bench;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.AnnotateServer;
import dev.distillery.annotate.IngestTarget;
import dev.distillery.cli.ExitCode;
import dev.distillery.cli.ServeIngest;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.suite.Shard;
import dev.distillery.runtime.suite.Suite;
import dev.distillery.runtime.suite.SuiteFile;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.ViewsBenchmark;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.TraceSink;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * {@code distillery bench scale}: what shards and the lake cost. A suite run as 1, 2 and 4 shards
 * side by side (each its own store) beside one store at concurrency 1, 2 and 4, with the scripted
 * model and with one that takes a second to answer; 1, 2 and 4 runners recording through one
 * serve's HTTP ingest beside as many shard stores; each shard's lake push beside DuckDB's raw COPY
 * of the same tables; and reading the lake (open and count) at 1, 16 and 256 files per table,
 * before and after {@code lake compact}.
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Time shards, lake pushes and lake reads.",
      "Shards side by side beside one process's --concurrency (scripted model, and one that takes",
      "a second to answer), runners through serve's HTTP ingest beside shard stores, a lake push",
      "beside a raw DuckDB COPY to Parquet, and lake reads with many files per table beside the",
      "same after compact."
    })
final class ScaleBenchCommand implements Callable<Integer> {
  private static final int[] WIDTHS = {1, 2, 4};
  private static final String TOKEN = "bench-scale";

  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(names = "--tasks", defaultValue = "24", description = "Tasks in the suite (default 24).")
  int tasks;

  @Option(names = "--attempts", defaultValue = "2", description = "Attempts per task (default 2).")
  int attempts;

  @Option(
      names = "--slow-tasks",
      defaultValue = "8",
      description = "Tasks run with the slow model, one attempt each (default 8; 0 skips it).")
  int slowTasks;

  @Option(
      names = "--model-delay-ms",
      defaultValue = "1000",
      description = "How long the slow model takes to answer (default 1000).")
  long delayMillis;

  @Option(
      names = "--push-events",
      defaultValue = "1000000",
      description =
          "Events in a generated shard store also pushed, for MB/s at size (default 1000000; 0"
              + " skips it).")
  long pushEvents;

  @Option(
      names = "--files",
      split = ",",
      defaultValue = "1,16,256",
      description = "Files per table for the lake reads (default 1,16,256).")
  List<Integer> files;

  @Override
  public Integer call() throws Exception {
    if (tasks < 1
        || attempts < 1
        || slowTasks < 0
        || delayMillis < 0
        || pushEvents < 0
        || files.stream().anyMatch(n -> n < 1)) {
      throw new UsageException(
          "--tasks, --attempts and --files must be at least 1; --slow-tasks, --model-delay-ms and"
              + " --push-events at least 0");
    }
    Path dir = Files.createTempDirectory("distillery-bench-scale-");
    try {
      PrintWriter out = spec.commandLine().getOut();
      Suite suite = SuiteFile.read(SuiteBenchCommand.writeSuite(dir, "suite.jsonl", tasks));
      ModelClient scripted = ScriptedModelClient.fromJson(SuiteBenchCommand.SCRIPT);
      out.printf(
          Locale.ROOT,
          "shards run side by side in this JVM (threads, %d cores), each its own store;"
              + " one store runs them at --concurrency%n",
          Runtime.getRuntime().availableProcessors());
      out.printf(
          Locale.ROOT,
          "scripted model: %d tasks x %d attempts = %d attempts%n",
          tasks,
          attempts,
          tasks * attempts);
      // the JIT and DuckDB's first connection, paid once before anything is timed
      run(suite, scripted, 1, 2, 1, dir.resolve("warm-up"));
      List<Path> widest = compare(out, suite, scripted, attempts, dir.resolve("scripted"));
      if (slowTasks > 0) {
        Suite slow = SuiteFile.read(SuiteBenchCommand.writeSuite(dir, "slow.jsonl", slowTasks));
        out.printf(
            Locale.ROOT,
            "model answering in %d ms: %d tasks x 1 attempt, 2 model calls each%n",
            delayMillis,
            slowTasks);
        compare(out, slow, new Delayed(scripted, delayMillis), 1, dir.resolve("slow"));
      }
      out.printf(
          Locale.ROOT, "serve ingest (scripted model, %d attempts, events/s):%n", tasks * attempts);
      for (int width : WIDTHS) {
        Sharded local = run(suite, scripted, attempts, 1, width, dir.resolve("local-" + width));
        Sharded remote = served(suite, scripted, attempts, width, dir.resolve("served-" + width));
        if (remote.events() != local.events()) {
          throw new DistilleryException(
              "serve recorded "
                  + remote.events()
                  + " events, the shard stores "
                  + local.events()
                  + ": the same scripted suite must give the same events");
        }
        out.printf(
            Locale.ROOT,
            "%d HTTP runner(s) into one serve: %8.0f events/s   %d shard store(s): %8.0f"
                + " events/s%n",
            width,
            remote.events() / remote.seconds(),
            width,
            local.events() / local.seconds());
        out.flush();
      }
      LakeBench lakes = new LakeBench(dir.resolve("lakes"));
      List<Path> pushed = new ArrayList<>(widest);
      if (pushEvents > 0) {
        Path big = dir.resolve("generated").resolve("generated-shard.duckdb");
        Files.createDirectories(big.getParent());
        ViewsBenchmark.generateStore(big, pushEvents);
        pushed.add(big);
      }
      for (Path store : pushed) {
        LakeBench.Push push = lakes.push(store);
        out.printf(
            Locale.ROOT,
            "push %s: %6.2f MB in %6.0f ms = %6.2f MB/s   raw COPY: %6.2f MB in %6.0f ms ="
                + " %6.2f MB/s%n",
            store.getFileName(),
            push.lakeBytes() / 1e6,
            push.lakeMillis(),
            push.lakeBytes() / 1e3 / push.lakeMillis(),
            push.rawBytes() / 1e6,
            push.rawMillis(),
            push.rawBytes() / 1e3 / push.rawMillis());
        out.flush();
      }
      Path source = dir.resolve("scripted").resolve("conc-1").resolve("shard-1.duckdb");
      for (int count : files) {
        LakeBench.Read read = lakes.read(source, count);
        out.printf(
            Locale.ROOT,
            "read %4d file(s) per table: %7.0f ms (%d events)   after compact: %7.0f ms%n",
            count,
            read.millis(),
            read.events(),
            read.compactedMillis());
        out.flush();
      }
    } finally {
      TempFiles.deleteTree(dir);
    }
    return ExitCode.OK;
  }

  /** Shards side by side beside one store at the same concurrency; the widest run's stores. */
  private List<Path> compare(PrintWriter out, Suite suite, ModelClient model, int tries, Path dir)
      throws Exception {
    List<Path> widest = List.of();
    for (int width : WIDTHS) {
      Sharded together = run(suite, model, tries, width, 1, dir.resolve("conc-" + width));
      Sharded shards = run(suite, model, tries, 1, width, dir.resolve("shards-" + width));
      out.printf(
          Locale.ROOT,
          "%d shard(s) side by side: %7.1f attempts/s   one store at concurrency %d: %7.1f"
              + " attempts/s%n",
          width,
          shards.attempts() / shards.seconds(),
          width,
          together.attempts() / together.seconds());
      out.flush();
      widest = shards.stores();
    }
    return widest;
  }

  /** A suite run: attempts and events recorded, seconds taken, and each shard's store file. */
  private record Sharded(int attempts, long events, double seconds, List<Path> stores) {}

  /**
   * Runs the suite as {@code count} shards side by side, each its own store and runner, at {@code
   * concurrency} each.
   */
  private static Sharded run(
      Suite suite, ModelClient model, int tries, int concurrency, int count, Path dir)
      throws Exception {
    Files.createDirectories(dir);
    List<Path> stores = new ArrayList<>();
    for (int k = 1; k <= count; k++) {
      stores.add(dir.resolve("shard-" + k + ".duckdb"));
    }
    double seconds =
        sideBySide(
            count,
            k -> {
              try (DuckDbTraceStore store = DuckDbTraceStore.open(stores.get(k - 1))) {
                shard(suite, model, tries, store, new Shard(k, count), concurrency, dir);
              }
            });
    long events = 0;
    for (Path file : stores) {
      events += countEvents(file);
    }
    return new Sharded(suite.tasks().size() * tries, events, seconds, stores);
  }

  /**
   * Runs the suite as {@code count} shards side by side, each recording through one serve's HTTP
   * ingest (as {@code run} does while serve holds the store).
   */
  private static Sharded served(Suite suite, ModelClient model, int tries, int count, Path dir)
      throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("served.duckdb");
    double seconds;
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      Javalin app =
          AnnotateServer.create(
              store, null, new IngestTarget(store, file), new AnnotateOptions("bench", TOKEN));
      app.start("127.0.0.1", 0);
      try {
        URI base = URI.create("http://127.0.0.1:" + app.port() + "/");
        seconds =
            sideBySide(
                count,
                k ->
                    shard(
                        suite,
                        model,
                        tries,
                        ServeIngest.client(base, TOKEN, Duration.ofSeconds(60)),
                        new Shard(k, count),
                        1,
                        dir));
      } finally {
        app.stop();
      }
    }
    return new Sharded(suite.tasks().size() * tries, countEvents(file), seconds, List.of(file));
  }

  /** A shard's work, given its number (1-based). */
  private interface ShardWork {
    void run(int shard) throws Exception;
  }

  /** Runs {@code count} shards on their own threads at once; the seconds until the last ends. */
  private static double sideBySide(int count, ShardWork work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<?>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (int k = 1; k <= count; k++) {
        int shard = k;
        futures.add(
            pool.submit(
                () -> {
                  work.run(shard);
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void shard(
      Suite suite,
      ModelClient model,
      int tries,
      TraceSink sink,
      Shard shard,
      int concurrency,
      Path dir)
      throws InterruptedException {
    SuiteBenchCommand.runner(model, sink)
        .shard(shard)
        .run(
            suite,
            SuiteBenchCommand.options(tries, concurrency, dir.resolve("ws-" + shard.index())));
  }

  private static long countEvents(Path file) throws SQLException {
    try (Connection connection = LakeBench.readOnly(file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** A model that takes {@code millis} to answer each call, as a remote one would. */
  private record Delayed(ModelClient model, long millis) implements ModelClient {
    @Override
    public ChatReply complete(ChatRequest request) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return model.complete(request);
    }

    @Override
    public String provider() {
      return model.provider();
    }
  }
}
