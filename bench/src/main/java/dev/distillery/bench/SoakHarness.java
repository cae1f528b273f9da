package dev.distillery.bench;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kills runs with SIGKILL at random points and resumes them: runs {@link SoakChild} in child JVMs
 * over one store, kills each after a random number of committed events plus a random delay, checks
 * that every event the child reported committed is in the store, resumes until the run ends, and
 * compares its outcome and workspace with an uninterrupted run's.
 */
final class SoakHarness {
  /**
   * @param problems one line per broken promise: a lost event, a different outcome
   */
  record Result(
      int runs, int kills, int resumes, long eventsChecked, List<String> problems, long millis) {}

  /** What an uninterrupted run ends with. */
  record Outcome(
      String status, String outcome, String answer, String check, Map<String, String> files) {}

  private final Path dir;
  private final Random random;
  private final PrintWriter progress;
  private int kills;
  private int resumes;
  private long eventsChecked;
  private final List<String> problems = new ArrayList<>();

  SoakHarness(Path dir, long seed, PrintWriter progress) {
    this.dir = dir;
    this.random = new Random(seed);
    this.progress = progress;
  }

  /**
   * {@code workers} harnesses at once, each over its own store in its own folder, sharing the runs
   * and kills between them; their results added up.
   */
  static Result parallel(
      Path dir, long seed, int runs, int minKills, int workers, PrintWriter progress)
      throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Result>> parts = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Path folder = Files.createDirectories(dir.resolve("worker-" + w));
        int share = (runs + workers - 1 - w) / workers;
        int killShare = (minKills + workers - 1 - w) / workers;
        long workerSeed = seed + w;
        parts.add(
            pool.submit(() -> new SoakHarness(folder, workerSeed, progress).run(share, killShare)));
      }
      int allRuns = 0;
      int allKills = 0;
      int allResumes = 0;
      long checked = 0;
      List<String> problems = new ArrayList<>();
      for (Future<Result> part : parts) {
        Result result = part.get();
        allRuns += result.runs();
        allKills += result.kills();
        allResumes += result.resumes();
        checked += result.eventsChecked();
        problems.addAll(result.problems());
      }
      return new Result(
          allRuns,
          allKills,
          allResumes,
          checked,
          problems,
          (System.nanoTime() - start) / 1_000_000);
    } finally {
      pool.shutdownNow();
    }
  }

  /** At least {@code runs} runs and {@code minKills} kills, spread evenly over the runs. */
  Result run(int runs, int minKills) throws Exception {
    long start = System.nanoTime();
    Outcome reference = reference();
    Path store = dir.resolve("soak.duckdb");
    int perRun = Math.max(1, (minKills + runs - 1) / runs);
    int done = 0;
    while (done < runs || kills < minKills) {
      Path workdir = Files.createDirectories(dir.resolve("work-" + done));
      soakOne(store, workdir, perRun, reference);
      done++;
      if (progress != null) {
        synchronized (progress) {
          progress.printf(
              "%s run %d: %d kills, %d resumes so far%n", dir.getFileName(), done, kills, resumes);
          progress.flush();
        }
      }
    }
    return new Result(
        done,
        kills,
        resumes,
        eventsChecked,
        List.copyOf(problems),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Wall time of one uninterrupted run in a child JVM, from start to exit: the baseline. */
  long uninterruptedMillis() throws Exception {
    Path store = dir.resolve("baseline.duckdb");
    Path workdir = Files.createDirectories(dir.resolve("baseline-work-" + Ids.newId()));
    long start = System.nanoTime();
    runChild(List.of("run", store.toString(), workdir.toString()), false, new TreeMap<>());
    return (System.nanoTime() - start) / 1_000_000;
  }

  private Outcome reference() throws Exception {
    Path store = dir.resolve("reference.duckdb");
    Path workdir = Files.createDirectories(dir.resolve("reference-work"));
    try (DuckDbTraceStore traces = DuckDbTraceStore.open(store)) {
      String runId = SoakChild.run(traces, store, workdir).runId();
      return outcome(traces, runId, workdir);
    }
  }

  private void soakOne(Path store, Path workdir, int killsPlanned, Outcome reference)
      throws Exception {
    String runId = null;
    int killsLeft = killsPlanned;
    for (int child = 0; child < 20; child++) {
      boolean kill = killsLeft > 0;
      List<String> command =
          runId == null
              ? List.of("run", store.toString(), workdir.toString())
              : List.of("resume", store.toString(), runId);
      Map<Long, String> committed = new TreeMap<>();
      boolean killed = runChild(command, kill, committed);
      if (runId == null && !committed.isEmpty()) {
        runId = committedRun;
      }
      if (killed) {
        kills++;
        killsLeft--;
      }
      if (child > 0) {
        resumes++;
      }
      if (runId == null) {
        problems.add("a child died before its run started");
        return;
      }
      try (DuckDbTraceStore traces = DuckDbTraceStore.open(store)) {
        verifyCommitted(traces, runId, committed);
        Run run = traces.run(runId).orElseThrow();
        if (run.status() != dev.distillery.trace.RunStatus.INTERRUPTED) {
          Outcome outcome = outcome(traces, runId, workdir);
          if (!outcome.equals(reference)) {
            problems.add("run " + runId + " ended " + outcome + ", uninterrupted: " + reference);
          }
          return;
        }
      }
    }
    problems.add("run " + runId + " did not finish after 20 resumes");
  }

  private String committedRun;

  /** Runs one child; kills it after a random number of committed events when asked. */
  private boolean runChild(List<String> args, boolean kill, Map<Long, String> committed)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(SoakChild.class.getName());
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int killAfter = 1 + random.nextInt(30);
    boolean killed = false;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      int seen = 0;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("c ")) {
          String[] parts = line.split(" ");
          committedRun = parts[1];
          committed.put(Long.parseLong(parts[2]), parts[3]);
          seen++;
        }
        if (kill && !killed && seen >= killAfter) {
          // a random delay puts the kill anywhere in the next step: in a tool's sleep, in the
          // middle of a commit, in a snapshot; the point of the test, not a wait for something
          Thread.sleep(random.nextInt(100));
          // SIGKILL through the handle: Process.destroyForcibly would also close our end of its
          // stdout, and the lines it printed before dying are what we check
          process.toHandle().destroyForcibly();
          killed = true;
        }
      }
    } finally {
      process.destroyForcibly();
      process.waitFor(60, TimeUnit.SECONDS);
    }
    return killed && process.exitValue() == 137;
  }

  private void verifyCommitted(DuckDbTraceStore traces, String runId, Map<Long, String> committed) {
    List<TraceEvent> events = traces.events(runId);
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).seq() != i) {
        problems.add("run " + runId + " has event seq " + events.get(i).seq() + " at " + i);
        return;
      }
    }
    for (Map.Entry<Long, String> entry : committed.entrySet()) {
      long seq = entry.getKey();
      eventsChecked++;
      if (seq >= events.size() || !events.get((int) seq).id().equals(entry.getValue())) {
        problems.add("run " + runId + " lost committed event #" + seq + " " + entry.getValue());
      }
    }
  }

  static Outcome outcome(DuckDbTraceStore traces, String runId, Path workdir) throws IOException {
    Run run = traces.run(runId).orElseThrow();
    String answer = null;
    for (TraceEvent event : traces.events(runId)) {
      if (event.kind() == EventKind.MODEL_RESPONSE) {
        answer = ((EventPayload.ModelResponse) event.payload()).message().content();
      }
    }
    return new Outcome(
        run.status().wire(),
        run.outcome(),
        answer,
        run.check() == null ? null : run.check().status().wire(),
        files(workdir));
  }

  private static Map<String, String> files(Path workdir) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> paths = Files.walk(workdir)) {
      for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
        files.put(workdir.relativize(path).toString(), Files.readString(path));
      }
    }
    return files;
  }
}
