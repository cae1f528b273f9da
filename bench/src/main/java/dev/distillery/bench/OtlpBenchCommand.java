package dev.distillery.bench;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.AnnotateServer;
import dev.distillery.annotate.IngestTarget;
import dev.distillery.capture.otlp.OtlpReceiver;
import dev.distillery.cli.ExitCode;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceEvent;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery bench otlp}: GenAI spans sent as OTLP/protobuf to serve's receiver, recorded
 * into a store file, beside the store's own write rate for the same events.
 */
@Command(
    name = "otlp",
    mixinStandardHelpOptions = true,
    description = {
      "Time OTLP ingest: spans/s from POST /v1/traces into the store.",
      "Synthetic agent traces (a root, then per turn a chat span with ~500-character messages and",
      "a tool span) posted as protobuf; then the events they became written again straight into",
      "a fresh store (recordAll), the raw write rate, in the same run."
    })
final class OtlpBenchCommand implements Callable<Integer> {
  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(names = "--traces", defaultValue = "2000", description = "Traces (default 2,000).")
  int traces;

  @Option(names = "--turns", defaultValue = "3", description = "Turns per trace (default 3).")
  int turns;

  @Option(
      names = "--per-request",
      defaultValue = "50",
      description = "Traces per export request (default 50).")
  int perRequest;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the throw-away files go.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (traces < 1 || turns < 1 || perRequest < 1) {
      throw new UsageException("--traces, --turns and --per-request must be at least 1");
    }
    Path where =
        dir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : bench.context.cwd().resolve(dir);
    Path work = Files.createTempDirectory(Files.createDirectories(where), "bench-otlp");
    PrintWriter out = spec.commandLine().getOut();
    try {
      List<byte[]> bodies = new ArrayList<>();
      for (int first = 0; first < traces; first += perRequest) {
        bodies.add(
            SyntheticTraces.request(first, Math.min(perRequest, traces - first), turns)
                .toByteArray());
      }
      long spans = (long) traces * (1 + 2L * turns);
      out.printf(
          Locale.ROOT,
          "posting %,d traces (%,d spans) in %,d requests ...%n",
          traces,
          spans,
          bodies.size());
      out.flush();
      double ingestSeconds;
      List<TraceEvent> events = new ArrayList<>();
      Path file = work.resolve("otlp.duckdb");
      try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
        Javalin app =
            AnnotateServer.create(
                store,
                null,
                new IngestTarget(store, file),
                new AnnotateOptions("bench", null),
                List.of(new OtlpReceiver(OtlpReceiver.DEFAULT_IDLE)));
        app.start("127.0.0.1", 0);
        try {
          ingestSeconds = post(app.port(), bodies);
        } finally {
          app.stop();
        }
        List<Run> runs = store.runs(RunFilter.builder().limit(Integer.MAX_VALUE).build());
        if (runs.size() != traces) {
          throw new DistilleryException(
              "expected " + traces + " runs, the store holds " + runs.size());
        }
        for (Run run : runs) {
          events.addAll(store.events(run.id()));
        }
      }
      double rawSeconds;
      try (DuckDbTraceStore raw = DuckDbTraceStore.open(work.resolve("raw.duckdb"))) {
        long start = System.nanoTime();
        for (int i = 0; i < events.size(); i += 10_000) {
          raw.recordAll(events.subList(i, Math.min(events.size(), i + 10_000)));
        }
        rawSeconds = (System.nanoTime() - start) / 1e9;
      }
      double ingestEvents = events.size() / ingestSeconds;
      double rawEvents = events.size() / rawSeconds;
      out.printf(
          Locale.ROOT,
          "OTLP ingest            %,12.0f spans/s   %,12.0f events/s%n",
          spans / ingestSeconds,
          ingestEvents);
      out.printf(
          Locale.ROOT,
          "store recordAll        %,12.0f events/s   (same %,d events, raw write)%n",
          rawEvents,
          events.size());
      out.printf(Locale.ROOT, "ratio                  %12.2f%n", ingestEvents / rawEvents);
      out.flush();
    } finally {
      TempFiles.deleteTree(work);
    }
    return ExitCode.OK;
  }

  /** Posts the bodies one after another; returns the seconds it took. */
  private static double post(int port, List<byte[]> bodies) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/v1/traces");
    long start = System.nanoTime();
    for (byte[] body : bodies) {
      HttpResponse<byte[]> answer =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Content-Type", "application/x-protobuf")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200) {
        throw new DistilleryException(
            "the receiver answered " + answer.statusCode() + ": " + new String(answer.body()));
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
