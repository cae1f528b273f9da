package dev.distillery.bench;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.AnnotateServer;
import dev.distillery.annotate.IngestTarget;
import dev.distillery.capture.proxy.ProxyOptions;
import dev.distillery.capture.proxy.RecordingProxy;
import dev.distillery.cli.ExitCode;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery bench proxy}: the same requests sent straight to a local upstream and through
 * the recording proxy (a real serve over a store), in one run: added latency, added time to the
 * first streamed chunk, and requests per second with concurrent clients, every one recorded.
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "Time the recording proxy beside the upstream it forwards to.",
      "The same chat completions, plain and streamed, straight to a local upstream and through",
      "serve --upstream: added latency, time to the first chunk, requests/s with concurrent",
      "clients, and a count of what the store recorded."
    })
final class ProxyBenchCommand implements Callable<Integer> {
  private static final int WARM_UP = 300;

  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(
      names = "--requests",
      defaultValue = "2000",
      description = "Requests timed one at a time, each way (default 2,000).")
  int requests;

  @Option(
      names = "--clients",
      defaultValue = "8",
      description = "Concurrent clients for the throughput part (default 8).")
  int clients;

  @Option(
      names = "--load",
      defaultValue = "8000",
      description = "Requests the concurrent clients send, each way (default 8,000).")
  int load;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the throw-away store goes (default: the system temp directory).")
  Path dir;

  private final AtomicLong sequence = new AtomicLong();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Override
  public Integer call() throws Exception {
    if (requests < 1 || clients < 1 || load < clients) {
      throw new UsageException(
          "--requests and --clients must be at least 1, --load at least --clients");
    }
    Path where =
        dir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : bench.context.cwd().resolve(dir);
    Path work =
        Files.createTempDirectory(Files.createDirectories(where), "distillery-proxy-bench-");
    PrintWriter out = spec.commandLine().getOut();
    Javalin upstream = BenchUpstream.start();
    try (DuckDbTraceStore store = DuckDbTraceStore.open(work.resolve("proxy.duckdb"))) {
      String direct = "http://127.0.0.1:" + upstream.port() + "/v1/chat/completions";
      Javalin serve =
          AnnotateServer.create(
                  store,
                  null,
                  new IngestTarget(store, store.file()),
                  new AnnotateOptions("bench", null),
                  List.of(
                      new RecordingProxy(
                          new ProxyOptions(
                              "http://127.0.0.1:" + upstream.port() + "/v1", "bench", null))))
              .start("127.0.0.1", 0);
      String proxied = "http://127.0.0.1:" + serve.port() + "/v1/chat/completions";
      long sent;
      try {
        sent = measure(direct, proxied, out);
      } finally {
        serve.stop();
      }
      recorded(store, sent, out);
    } finally {
      upstream.stop();
      TempFiles.deleteTree(work);
    }
    return ExitCode.OK;
  }

  /** Runs every part; returns how many requests went through the proxy. */
  private long measure(String direct, String proxied, PrintWriter out) throws Exception {
    int warmUp = Math.min(WARM_UP, requests);
    String directResponses = responsesUrl(direct);
    String proxiedResponses = responsesUrl(proxied);
    for (int i = 0; i < warmUp; i++) {
      plain(direct);
      plain(proxied);
      firstChunk(direct);
      firstChunk(proxied);
      plain(directResponses);
      plain(proxiedResponses);
    }
    double[][] plain = new double[2][requests];
    double[][] stream = new double[2][requests];
    double[][] responses = new double[2][requests];
    double[][] responsesStream = new double[2][requests];
    for (int i = 0; i < requests; i++) {
      plain[0][i] = plain(direct);
      plain[1][i] = plain(proxied);
    }
    for (int i = 0; i < requests; i++) {
      stream[0][i] = firstChunk(direct);
      stream[1][i] = firstChunk(proxied);
    }
    for (int i = 0; i < requests; i++) {
      responses[0][i] = plain(directResponses);
      responses[1][i] = plain(proxiedResponses);
    }
    for (int i = 0; i < requests; i++) {
      responsesStream[0][i] = firstChunk(directResponses);
      responsesStream[1][i] = firstChunk(proxiedResponses);
    }
    out.printf(
        Locale.ROOT,
        "%-38s %19s   %19s   %19s%n",
        requests + " requests one at a time",
        "direct",
        "through the proxy",
        "added");
    row(out, "plain completion, whole reply", plain);
    row(out, "streamed, time to first chunk", stream);
    row(out, "responses API, whole reply", responses);
    row(out, "responses API, time to first event", responsesStream);
    out.flush();
    double directRate = concurrent(direct);
    double proxiedRate = concurrent(proxied);
    out.printf(
        Locale.ROOT,
        "%d clients, %,d requests each way: direct %,.0f req/s, through the proxy %,.0f req/s"
            + " (%.2f), 0 failed%n",
        clients,
        load,
        directRate,
        proxiedRate,
        proxiedRate / directRate);
    out.flush();
    // through the proxy: warm-up (plain, stream, responses), the four rows, the load
    return warmUp * 3L + requests * 4L + load;
  }

  private void row(PrintWriter out, String name, double[][] times) {
    double[] added = {
      percentile(times[1], 50) - percentile(times[0], 50),
      percentile(times[1], 99) - percentile(times[0], 99)
    };
    out.printf(
        Locale.ROOT,
        "%-38s p50 %5.2f  p99 %5.2f ms   p50 %5.2f  p99 %5.2f ms   p50 %5.2f  p99 %5.2f ms%n",
        name,
        percentile(times[0], 50),
        percentile(times[0], 99),
        percentile(times[1], 50),
        percentile(times[1], 99),
        added[0],
        added[1]);
  }

  /** Requests/s of {@link #clients} clients sending {@link #load} requests; any failure throws. */
  private double concurrent(String url) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int share = load / clients + (c < load % clients ? 1 : 0);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < share; i++) {
                    plain(url);
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
      return load / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Milliseconds for one whole plain completion. */
  private double plain(String url) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<byte[]> response =
        http.send(request(url, false), HttpResponse.BodyHandlers.ofByteArray());
    double millis = (System.nanoTime() - start) / 1e6;
    if (response.statusCode() != 200) {
      throw new DistilleryException(url + " answered " + response.statusCode());
    }
    return millis;
  }

  /** Milliseconds until the first byte of a streamed completion; the rest is read after. */
  private double firstChunk(String url) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<InputStream> response =
        http.send(request(url, true), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200 || body.read() < 0) {
        throw new DistilleryException(url + " answered " + response.statusCode());
      }
      double millis = (System.nanoTime() - start) / 1e6;
      body.readAllBytes();
      return millis;
    }
  }

  private static String responsesUrl(String chatCompletionsUrl) {
    return chatCompletionsUrl.replace("/v1/chat/completions", "/v1/responses");
  }

  /**
   * A request of its own conversation, so that each one is a run of its own: chat completions, or
   * the Responses API for a {@code /v1/responses} URL.
   */
  private HttpRequest request(String url, boolean stream) {
    String text = "request " + sequence.incrementAndGet();
    String body =
        url.endsWith("/v1/responses")
            ? "{\"model\":\"bench\",\"stream\":" + stream + ",\"input\":\"" + text + "\"}"
            : "{\"model\":\"bench\",\"stream\":"
                + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text
                + "\"}]}";
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** What the store holds once serve has stopped: every proxied request a finished run. */
  private static void recorded(DuckDbTraceStore store, long sent, PrintWriter out) {
    long runs = 0;
    long turns = 0;
    long finished = 0;
    for (Run run : store.runs(RunFilter.latest((int) Math.min(Integer.MAX_VALUE, sent + 10)))) {
      runs++;
      turns += run.turns();
      finished += run.status().finished() ? 1 : 0;
    }
    out.printf(
        Locale.ROOT,
        "recorded: %,d runs, %,d replies, %,d finished, for %,d requests through the proxy: %,d"
            + " lost%n",
        runs,
        turns,
        finished,
        sent,
        sent - turns);
    out.flush();
  }

  private static double percentile(double[] values, int percent) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
