package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.durable.DurableRuns;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.loop.SharedBudget;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.process.Sandbox;
import dev.distillery.runtime.suite.AttemptKey;
import dev.distillery.runtime.suite.LearningCurve;
import dev.distillery.runtime.suite.Shard;
import dev.distillery.runtime.suite.Suite;
import dev.distillery.runtime.suite.SuiteFile;
import dev.distillery.runtime.suite.SuiteRunner;
import dev.distillery.runtime.suite.SuiteSummary;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Starts or resumes a suite run, then summarises it: the suite half of {@code distillery run}, and
 * {@code distillery demo}.
 */
final class SuiteCommand {
  /**
   * What to run. {@code suite} may be null on resume (the recorded suite file is used); {@code
   * attempts} null means 1, or on resume what the suite run was started with; {@code mode} is the
   * runs' mode ({@code agent}, {@code plan}, {@code ask}); {@code snapshots} how each attempt's
   * checkpoints keep its workspace; {@code sandbox} where bash and the checks run.
   */
  record Plan(
      Path store,
      Path suite,
      Integer attempts,
      int concurrency,
      SuiteRunner.KeepWorkspaces keep,
      Path workspaces,
      String resume,
      ModelClient client,
      LoopOptions loop,
      boolean json,
      String mode,
      SnapshotOptions snapshots,
      Sandbox sandbox,
      LearnFlags learn,
      Integer rounds) {}

  private final Plan options;
  private final Context context;
  private final PrintWriter out;
  private final PrintWriter err;
  private String named;
  private Shard shard = Shard.WHOLE;
  private Path lake;

  SuiteCommand(Plan plan, Context context, PrintWriter out, PrintWriter err) {
    this.options = plan;
    this.context = context;
    this.out = out;
    this.err = err;
  }

  /** Runs the plan; returns the exit code and the suite run's id. */
  String lastSuiteRunId;

  /**
   * The suite run has the caller's id ({@code --suite-run}), so that several processes make one;
   * when this store already holds runs of it, it goes on as {@code --resume} would, on {@code
   * shard}'s pairs only.
   */
  SuiteCommand named(String suiteRunId, Shard shard) {
    this.named = suiteRunId;
    this.shard = shard;
    return this;
  }

  int call() throws Exception {
    // a new suite run reads its file first: a bad suite writes nothing, not even a store
    Suite fresh = options.resume() == null ? SuiteFile.read(suiteFile(List.of())) : null;
    List<Run> runs;
    String suiteRunId;
    boolean interrupted = false;
    try (TraceTarget store = TraceTarget.open(options.store(), err, context.env())) {
      List<Run> earlier =
          options.resume() != null
              ? earlierRuns(store)
              : named != null ? store.suiteRuns(named) : List.of();
      Suite suite = fresh != null ? fresh : SuiteFile.read(suiteFile(earlier));
      int attempts = attempts(earlier);
      suiteRunId =
          options.resume() != null
              ? earlier.get(0).spec().suiteRunId()
              : named != null ? named : Ids.newId();
      sameSuite(earlier, suite, suiteRunId);
      Set<AttemptKey> skip = finished(earlier);
      SuiteRunner runner =
          new SuiteRunner(
              options.client(),
              ToolRegistry.defaults(options.sandbox()),
              store.sink(),
              ModelSettings.load(context)
                  .catalog()
                  .forProvider(options.client().provider())
                  .pricing(),
              new ProgressReporter(err, context.terminal()));
      runner.shard(shard);
      if (options.snapshots() != null) {
        Map<AttemptKey, String> stopped = interrupted(earlier);
        if (store.remote() && !stopped.isEmpty()) {
          throw new DistilleryException(
              stopped.size()
                  + " interrupted attempts resume from the store itself: stop distillery serve,"
                  + " then run --resume "
                  + options.resume()
                  + " again");
        }
        runner.durable(
            options.snapshots().checkpointer(context, options.store()),
            store.repository().map(DurableRuns::new).orElse(null),
            stopped);
      }
      SuiteRunner.Options runOptions =
          new SuiteRunner.Options(
              suiteRunId,
              attempts,
              Math.max(1, options.concurrency()),
              options.keep(),
              workspaceRoot(),
              skip,
              learn(store),
              options.mode(),
              rounds(earlier));
      try (GracefulStop stop =
          new GracefulStop(
              millis -> {
                runner.cancel();
                runner.awaitStopped(millis);
              })) {
        runner.run(suite, runOptions);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      runs = store.suiteRuns(suiteRunId);
    }
    SuiteSummary summary = SuiteSummary.of(runs);
    // the store is closed (or served): its shard goes to the lake before the summary is printed
    ObjectNode pushed =
        lake == null ? null : LakeCommand.pushShard(options.store(), lake, suiteRunId, err);
    print(summary, LearningCurve.of(runs), suiteRunId, pushed);
    budgetNote(suiteRunId);
    lastSuiteRunId = suiteRunId;
    return interrupted ? ExitCode.INTERRUPTED : ExitCode.OK;
  }

  /** After the suite run, its pairs of this store go to the lake ({@code run --lake DIR}). */
  SuiteCommand lake(Path lake) {
    this.lake = lake;
    return this;
  }

  /**
   * A suite run named again must be the same suite and shard: another file, or attempts, or shard
   * would deal the pairs differently, and the shards would no longer add up to the suite.
   */
  private void sameSuite(List<Run> earlier, Suite suite, String suiteRunId) {
    if (earlier.isEmpty() || named == null) {
      return;
    }
    String sha = recorded(earlier, "suite_sha256").map(JsonNode::asText).orElse(suite.sha256());
    if (!sha.equals(suite.sha256())) {
      throw new DistilleryException(
          "suite run " + suiteRunId + " in this store ran another suite file (sha256 differs)");
    }
    String was = recorded(earlier, "shard").map(JsonNode::asText).orElse(Shard.WHOLE.toString());
    if (!was.equals(shard.toString())) {
      throw new DistilleryException(
          "suite run "
              + suiteRunId
              + " in this store is shard "
              + was
              + ", not "
              + shard
              + ": give each shard its own store");
    }
  }

  /** Says on stderr when the suite's shared budget stopped it, and how to go on. */
  private void budgetNote(String suiteRunId) {
    SharedBudget budget = options.loop().controls().sharedBudget();
    if (budget == null) {
      return;
    }
    budget
        .exceeded()
        .ifPresent(
            exceeded -> {
              err.println(
                  "suite budget reached: "
                      + exceeded.reason()
                      + "; attempts not started can be run with --resume "
                      + suiteRunId);
              err.flush();
            });
  }

  private List<Run> earlierRuns(TraceTarget store) {
    List<Run> runs = store.suiteRuns(options.resume());
    if (runs.isEmpty()) {
      throw new DistilleryException(
          "no suite run '"
              + options.resume()
              + "' in this store (the id is printed when it starts)");
    }
    return runs;
  }

  private Path suiteFile(List<Run> earlier) {
    if (options.suite() != null) {
      return context.cwd().resolve(options.suite());
    }
    String recorded = recorded(earlier, "suite_file").map(JsonNode::asText).orElse(null);
    if (recorded == null) {
      throw new DistilleryException(
          "suite run " + options.resume() + " has no suite file: pass --suite");
    }
    return Path.of(recorded);
  }

  private LoopOptions learn(TraceTarget store) {
    return options.learn() == null
        ? options.loop()
        : options.learn().apply(options.loop(), context, store, options.store(), err);
  }

  private int rounds(List<Run> earlier) {
    if (options.rounds() != null) {
      if (options.rounds() < 1) {
        throw new UsageException("--rounds must be at least 1");
      }
      return options.rounds();
    }
    return Math.max(1, recorded(earlier, "rounds").map(JsonNode::asInt).orElse(1));
  }

  private int attempts(List<Run> earlier) {
    if (options.attempts() != null) {
      if (options.attempts() < 1) {
        throw new UsageException("--attempts must be at least 1");
      }
      return options.attempts();
    }
    return Math.max(1, recorded(earlier, "attempts").map(JsonNode::asInt).orElse(1));
  }

  /** Attempts that ended on their own; interrupted ones are resumed, from their last checkpoint. */
  private static Set<AttemptKey> finished(List<Run> earlier) {
    Set<AttemptKey> done = new HashSet<>();
    for (Run run : earlier) {
      if (run.status() != RunStatus.RUNNING
          && run.status() != RunStatus.INTERRUPTED
          && run.spec().taskId() != null) {
        done.add(new AttemptKey(run.spec().taskId(), run.spec().attempt()));
      }
    }
    return done;
  }

  /** Attempts whose latest run was interrupted: resumed from their last checkpoint. */
  private static Map<AttemptKey, String> interrupted(List<Run> earlier) {
    Map<AttemptKey, String> latest = new HashMap<>();
    Map<AttemptKey, String> stopped = new HashMap<>();
    for (Run run : earlier) { // newest first
      if (run.spec().taskId() == null) {
        continue;
      }
      AttemptKey key = new AttemptKey(run.spec().taskId(), run.spec().attempt());
      if (latest.putIfAbsent(key, run.id()) == null && run.status() == RunStatus.INTERRUPTED) {
        stopped.put(key, run.id());
      }
    }
    return stopped;
  }

  private Path workspaceRoot() {
    if (options.workspaces() != null) {
      return context.cwd().resolve(options.workspaces());
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "distillery-workspaces");
  }

  /** A field of the suite run's metadata, from whichever of its runs recorded it. */
  private static Optional<JsonNode> recorded(List<Run> runs, String field) {
    return runs.stream()
        .map(run -> metadata(run).get(field))
        .filter(value -> value != null && !value.isNull())
        .findFirst();
  }

  private static JsonNode metadata(Run run) {
    try {
      return Json.MAPPER.readTree(run.spec().metadataJson());
    } catch (Exception e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  private void print(
      SuiteSummary summary, LearningCurve curve, String suiteRunId, ObjectNode pushed)
      throws Exception {
    if (options.json()) {
      ObjectNode node = json(summary, suiteRunId);
      node.put("shard", shard.toString());
      node.put("store", options.store().toString());
      if (pushed != null) {
        node.set("lake", pushed);
      }
      if (curve.hasRounds()) {
        node.set("rounds", CurveTable.json(curve));
      }
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } else {
      SummaryTable.print(summary, out);
      out.println();
      if (curve.hasRounds()) {
        CurveTable.print(curve, out);
        out.println();
      }
      out.println("suite run " + suiteRunId);
      out.println("  distillery runs --suite " + suiteRunId + "    list its attempts");
    }
    out.flush();
  }

  static ObjectNode json(SuiteSummary summary, String suiteRunId) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("suite_run_id", suiteRunId);
    ArrayNode tasks = node.putArray("tasks");
    summary.tasks().forEach(row -> tasks.add(Json.MAPPER.valueToTree(row)));
    node.set("total", Json.MAPPER.valueToTree(summary.total()));
    return node;
  }
}
