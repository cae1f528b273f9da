package dev.distillery.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import dev.distillery.cli.ExitCode;
import dev.distillery.cli.TempFiles;
import dev.distillery.cli.UsageException;
import dev.distillery.export.ExportFormat;
import dev.distillery.export.ExportOptions;
import dev.distillery.export.ExportSummary;
import dev.distillery.export.Exporter;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunQuery;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery bench export}: a generated store (9 events a run: a tool call and a final
 * answer) exported to raw Parquet and to trl-sft and trl-dpo JSONL, rows/s and peak heap, each
 * beside DuckDB's own {@code COPY ... TO parquet} of the same rows: every run with its messages and
 * events for raw, the runs whose check passed with their messages and tools for trl-sft.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Time exports of a generated store beside DuckDB's COPY.",
      "Export a generated store to raw Parquet, trl-sft and trl-dpo JSONL: rows/s and peak heap,",
      "beside DuckDB's COPY TO parquet of the same rows (raw: every run with its messages and",
      "events; trl-sft: the runs whose check passed, with their messages and tools)."
    })
final class ExportBenchCommand implements Callable<Integer> {
  private static final String FILLER =
      "The quick brown fox jumps over the lazy dog while the agent reads the logs again. ";

  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "112000",
      description = "Runs to generate (default 112,000; 9 events each, 1,008,000 events).")
  int runs;

  @Option(
      names = "--passes",
      defaultValue = "2",
      description = {
        "Times each export and COPY runs (default 2): the first pass also pays for compiling",
        "the export's code, as a single CLI call does; later passes show it compiled."
      })
  int passes;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the throw-away files go (default: the system temp directory).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || passes < 1) {
      throw new UsageException("--runs and --passes must be at least 1");
    }
    Path base =
        dir == null
            ? Path.of(System.getProperty("java.io.tmpdir"))
            : bench.context.cwd().resolve(dir);
    Files.createDirectories(base);
    Path work = Files.createTempDirectory(base, "distillery-export-bench-");
    PrintWriter out = spec.commandLine().getOut();
    try {
      Path file = work.resolve("bench.duckdb");
      long start = System.nanoTime();
      try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
        List<TraceEvent> batch = new ArrayList<>();
        for (int n = 0; n < runs; n++) {
          batch.addAll(run(n));
          if (batch.size() >= 9_000) {
            store.recordAll(batch);
            batch.clear();
          }
        }
        store.recordAll(batch);
      }
      out.printf(
          Locale.ROOT,
          "%,d runs, %,d events generated in %.1f s%n",
          runs,
          runs * 9L,
          seconds(start));
      out.flush();
      read(out, file);
      for (int pass = 1; pass <= passes; pass++) {
        out.printf(
            Locale.ROOT,
            "pass %d of %d%s%n",
            pass,
            passes,
            pass == 1
                ? " (the JVM compiles the export's code while it runs, as in one CLI call)"
                : " (compiled)");
        double raw =
            phase(
                out,
                "raw Parquet (ours)",
                file,
                ExportFormat.RAW,
                true,
                work.resolve("raw-" + pass));
        double sft =
            phase(
                out,
                "trl-sft JSONL (ours)",
                file,
                ExportFormat.TRL_SFT,
                false,
                work.resolve("sft-" + pass));
        phase(
            out,
            "trl-dpo JSONL (ours)",
            file,
            ExportFormat.TRL_DPO,
            false,
            work.resolve("dpo-" + pass));
        double everything = copy(out, "DuckDB COPY, raw rows", Copy.RAW, file, work);
        double sftRows = copy(out, "DuckDB COPY, sft rows", Copy.SFT, file, work);
        double conversation = copy(out, "DuckDB COPY, every run", Copy.CONVERSATION, file, work);
        out.printf(
            Locale.ROOT,
            "ratio, pass %d: raw Parquet / COPY of raw rows %.2f; trl-sft / COPY of sft rows %.2f"
                + " (trl-sft / COPY of every run and its messages %.2f)%n",
            pass,
            raw / everything,
            sft / sftRows,
            sft / conversation);
      }
    } finally {
      TempFiles.deleteTree(work);
    }
    return ExitCode.OK;
  }

  /** Exports the store in one format; returns rows written per second. */
  private double phase(
      PrintWriter out, String name, Path file, ExportFormat format, boolean parquet, Path target)
      throws IOException {
    resetPeaks();
    long start = System.nanoTime();
    ExportSummary summary;
    LiveHeap live = new LiveHeap();
    ExportOptions options =
        ExportOptions.builder(format, target)
            .container(parquet ? ExportOptions.Container.PARQUET : ExportOptions.Container.JSONL)
            .useCheck(true)
            .build();
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file)) {
      summary = new Exporter("bench").export(store, RunQuery.all(), options);
    } finally {
      live.close();
    }
    double secs = seconds(start);
    TempFiles.deleteTree(target);
    out.printf(
        Locale.ROOT,
        "%-24s %,9d rows in %6.1f s = %,9.0f rows/s   peak heap %,5d MB (live after GC %,d MB)%n",
        name,
        summary.totalRows(),
        secs,
        summary.totalRows() / secs,
        peakHeapMb(),
        live.peakMb());
    out.flush();
    return summary.totalRows() / secs;
  }

  /** Reading alone: every run with its events, messages and annotations, as the exports read. */
  private void read(PrintWriter out, Path file) {
    resetPeaks();
    long start = System.nanoTime();
    long events = 0;
    long count = 0;
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file)) {
      try (Stream<RunTrace> all = store.traces(RunQuery.all())) {
        for (Iterator<RunTrace> each = all.iterator(); each.hasNext(); ) {
          RunTrace run = each.next();
          events += run.events().size() + run.messages().size() + run.annotations().size();
          count++;
        }
      }
    }
    double secs = seconds(start);
    out.printf(
        Locale.ROOT,
        "%-24s %,9d runs in %6.1f s = %,9.0f runs/s   (%,d events and messages)%n",
        "reading alone (ours)",
        count,
        secs,
        count / secs,
        events);
    out.flush();
  }

  /** What a baseline COPY writes. */
  private enum Copy {
    /** Every run with its messages and its events as a JSON list: the contents of a raw row. */
    RAW("every run with its messages and events"),
    /** The runs whose check passed (trl-sft's rows under --use-check), messages and tools. */
    SFT("runs whose check passed, with messages and tools"),
    /** Every run with its messages: the first baseline, kept for comparison with earlier rounds. */
    CONVERSATION("every run with its messages");

    final String what;

    Copy(String what) {
      this.what = what;
    }
  }

  private static final String MESSAGES =
      "(SELECT list({'role': m.role, 'content': m.content, 'tool_calls': m.tool_calls,"
          + " 'tool_call_id': m.tool_call_id, 'name': m.name} ORDER BY m.idx)"
          + " FROM messages m WHERE m.run_id = r.id) AS messages";

  /** DuckDB's own COPY of the rows of one baseline. Returns rows per second. */
  private double copy(PrintWriter out, String name, Copy what, Path file, Path work)
      throws Exception {
    Path target = work.resolve("copy-" + what.name().toLowerCase(Locale.ROOT) + ".parquet");
    String select =
        switch (what) {
          case RAW ->
              "SELECT r.id AS run_id, r.task_id, r.attempt, r.task_prompt AS prompt, r.model,"
                  + " r.status, r.outcome, r.check_status, r.started_at, r.metadata, "
                  + MESSAGES
                  + ", (SELECT to_json(list({'id': e.id, 'seq': e.seq, 'parent_id': e.parent_id,"
                  + " 'kind': e.kind, 'timestamp': e.ts, 'duration_ms': e.duration_ms,"
                  + " 'payload': e.data} ORDER BY e.seq))::VARCHAR"
                  + " FROM events e WHERE e.run_id = r.id) AS events FROM runs r";
          case SFT ->
              "SELECT "
                  + MESSAGES
                  + ", (SELECT arg_max(e.data->'tools', e.seq)::VARCHAR FROM events e"
                  + " WHERE e.run_id = r.id AND e.kind = 'model_request') AS tools"
                  + " FROM runs r WHERE r.check_status = 'pass'";
          case CONVERSATION ->
              "SELECT r.id AS run_id, r.task_id, r.attempt, r.task_prompt AS prompt, r.model,"
                  + " r.status, r.outcome, r.check_status, r.started_at, r.metadata, "
                  + MESSAGES
                  + " FROM runs r";
        };
    long start = System.nanoTime();
    long rows;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement()) {
      rows =
          statement.executeLargeUpdate(
              "COPY (" + select + ") TO '" + target + "' (FORMAT parquet, COMPRESSION zstd)");
    }
    double secs = seconds(start);
    Files.delete(target);
    out.printf(
        Locale.ROOT,
        "%-24s %,9d rows in %6.1f s = %,9.0f rows/s   (baseline: %s)%n",
        name,
        rows,
        secs,
        rows / secs,
        what.what);
    out.flush();
    return rows / secs;
  }

  private static List<TraceEvent> run(int n) {
    String runId = String.format(Locale.ROOT, "bench%021d", n);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n);
    String prompt = "Task " + (n % 1000) + ": find why the build fails. " + FILLER.repeat(2);
    RunSpec spec =
        new RunSpec(
            prompt,
            "task-" + (n % 1000),
            "bench",
            1 + n / 1000,
            "bench-model",
            "scripted",
            "agent",
            "/w",
            null,
            null,
            "{}");
    List<ToolSpec> tools =
        List.of(
            new ToolSpec(
                "bash",
                "Run a command.",
                "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}}}"));
    ToolCall call = new ToolCall("call_1", "bash", "{\"command\":\"cat build" + n + ".log\"}");
    Message system = Message.system("You are a careful software agent. " + FILLER.repeat(3));
    Message assistant = Message.assistant(null, List.of(call));
    String output = "error: line " + n + " " + FILLER.repeat(6);
    Message tool = Message.tool("call_1", "bash", output);
    Message answer =
        Message.assistant(
            "The build fails because of line " + n + ". " + FILLER.repeat(2), List.of());
    Usage usage = new Usage(400, 60);
    CheckResult check =
        new CheckResult(
            n % 3 == 0 ? CheckStatus.FAIL : CheckStatus.PASS, "make", n % 3 == 0 ? 2 : 0, "", 5);
    List<EventPayload> payloads =
        List.of(
            new EventPayload.RunStarted(spec),
            new EventPayload.ModelRequest(
                0, List.of(system, Message.user(prompt)), List.of(0, 1), tools, "{}"),
            new EventPayload.ModelResponse(2, assistant, "tool_calls", usage, 900, null),
            new EventPayload.ToolCalled("call_1", "bash", call.argumentsJson()),
            new EventPayload.ToolResult("call_1", "bash", output, 0, false, false),
            new EventPayload.ModelRequest(3, List.of(tool), List.of(0, 1, 2, 3), tools, "{}"),
            new EventPayload.ModelResponse(4, answer, "stop", usage, 800, null),
            new EventPayload.CheckFinished(check),
            new EventPayload.RunFinished(
                RunStatus.SUCCEEDED,
                "answered",
                "the model gave a final answer",
                2,
                usage.plus(usage),
                null,
                check));
    List<TraceEvent> events = new ArrayList<>(payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      String parent = i == 3 || i == 4 || i == 2 || i == 6 ? runId + "-" + (i - 1) : null;
      events.add(
          new TraceEvent(
              runId + "-" + i, runId, parent, i, t0.plusMillis(i * 10L), null, payloads.get(i)));
    }
    return events;
  }

  /**
   * The most heap in use right after a collection while it is open: an upper bound of what an
   * export keeps alive (a young collection leaves the old generation's garbage), without the
   * garbage the pools' own peaks count until the collector runs.
   */
  private static final class LiveHeap implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Set<String> heapPools = new HashSet<>();
    private final List<Runnable> detach = new ArrayList<>();

    LiveHeap() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPools.add(pool.getName());
        }
      }
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (collector instanceof NotificationEmitter emitter) {
          NotificationListener listener = (notification, handback) -> collected(notification);
          emitter.addNotificationListener(listener, null, null);
          detach.add(
              () -> {
                try {
                  emitter.removeNotificationListener(listener);
                } catch (ListenerNotFoundException e) {
                  // already gone: nothing to detach
                }
              });
        }
      }
    }

    private void collected(Notification notification) {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
          notification.getType())) {
        return;
      }
      GcInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
              .getGcInfo();
      long used = 0;
      for (Map.Entry<String, MemoryUsage> pool : info.getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(pool.getKey())) {
          used += pool.getValue().getUsed();
        }
      }
      peak.accumulateAndGet(used, Math::max);
    }

    long peakMb() {
      return peak.get() / (1024 * 1024);
    }

    @Override
    public void close() {
      detach.forEach(Runnable::run);
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
