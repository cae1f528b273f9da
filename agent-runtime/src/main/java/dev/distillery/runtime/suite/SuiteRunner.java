package dev.distillery.runtime.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.Json;
import dev.distillery.runtime.durable.DurableRuns;
import dev.distillery.runtime.durable.WorkspaceCheckpointer;
import dev.distillery.runtime.learn.Learner;
import dev.distillery.runtime.loop.AgentLoop;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.loop.Provisioner;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.runtime.loop.SharedBudget;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceSink;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs every task of a suite N times, K attempts at a time, each in a fresh workspace, each graded
 * by the task's check and recorded as its own run.
 */
public final class SuiteRunner {
  private static final ObjectMapper JSON = Json.MAPPER;

  /** Which attempt workspaces survive the run. */
  public enum KeepWorkspaces {
    NONE,
    FAILED,
    ALL
  }

  /**
   * @param attempts attempts per task in each round
   * @param skip attempts already finished in an earlier try of this suite run (resume)
   * @param rounds how many times the attempts are run, one round after the other; a round's runs
   *     can teach the next round's ({@link Learner#forRound}). Attempt numbers go on across rounds:
   *     round 2 of 3 attempts runs attempts 4 to 6.
   */
  public record Options(
      String suiteRunId,
      int attempts,
      int concurrency,
      KeepWorkspaces keep,
      Path workspaceRoot,
      Set<AttemptKey> skip,
      LoopOptions loop,
      String mode,
      int rounds) {
    /** One round. */
    public Options(
        String suiteRunId,
        int attempts,
        int concurrency,
        KeepWorkspaces keep,
        Path workspaceRoot,
        Set<AttemptKey> skip,
        LoopOptions loop,
        String mode) {
      this(suiteRunId, attempts, concurrency, keep, workspaceRoot, skip, loop, mode, 1);
    }

    /** The round an attempt number belongs to, from 1. */
    public int roundOf(int attempt) {
      return (attempt - 1) / attempts + 1;
    }

    /** These options for one round: its learner sees only runs that ended before it started. */
    Options startingRound(Instant start) {
      Learner learner = loop.learner();
      if (learner == null) {
        return this;
      }
      return new Options(
          suiteRunId,
          attempts,
          concurrency,
          keep,
          workspaceRoot,
          skip,
          loop.toBuilder().learner(learner.forRound(start)).build(),
          mode,
          rounds);
    }

    public Options {
      if (rounds < 1) {
        throw new IllegalArgumentException("rounds must be >= 1");
      }
      Objects.requireNonNull(suiteRunId, "suiteRunId");
      Objects.requireNonNull(workspaceRoot, "workspaceRoot");
      Objects.requireNonNull(loop, "loop");
      if (attempts < 1 || concurrency < 1) {
        throw new IllegalArgumentException("attempts and concurrency must be >= 1");
      }
      skip = skip == null ? Set.of() : Set.copyOf(skip);
      keep = keep == null ? KeepWorkspaces.NONE : keep;
      mode = mode == null ? "agent" : mode;
    }
  }

  /** What became of one attempt; {@code keptWorkspace} is null when it was deleted. */
  public record AttemptOutcome(SuiteTask task, int attempt, RunResult result, Path keptWorkspace) {}

  private final ModelClient client;
  private final ToolRegistry tools;
  private final TraceSink sink;
  private final Pricing pricing;
  private final SuiteListener listener;
  private volatile ExecutorService executor;
  private WorkspaceCheckpointer checkpoints;
  private DurableRuns durable;
  private Map<AttemptKey, String> interrupted = Map.of();
  private Shard shard = Shard.WHOLE;

  public SuiteRunner(
      ModelClient client,
      ToolRegistry tools,
      TraceSink sink,
      Pricing pricing,
      SuiteListener listener) {
    this.client = Objects.requireNonNull(client, "client");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.pricing = Objects.requireNonNull(pricing, "pricing");
    this.listener = listener == null ? SuiteListener.NONE : listener;
  }

  /**
   * Checkpoints after every step of every attempt, and resumes the given interrupted attempts (by
   * run id) from their last checkpoint instead of starting them over.
   */
  public SuiteRunner durable(
      WorkspaceCheckpointer checkpoints, DurableRuns durable, Map<AttemptKey, String> interrupted) {
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    if (durable == null && !interrupted.isEmpty()) {
      throw new IllegalArgumentException("resuming interrupted attempts needs the runs' traces");
    }
    this.durable = durable;
    this.interrupted = Map.copyOf(interrupted);
    return this;
  }

  /**
   * Runs only this shard's (task, attempt) pairs ({@link Shard#of}), and records the shard in each
   * run's metadata ({@code "shard": "2/4"}).
   */
  public SuiteRunner shard(Shard shard) {
    this.shard = Objects.requireNonNull(shard, "shard");
    return this;
  }

  /** The pairs of {@code shard} this suite run still has to do, in the order they are started. */
  public static List<AttemptKey> plan(
      Suite suite, int attempts, Set<AttemptKey> skip, Shard shard) {
    List<AttemptKey> mine = new ArrayList<>(shard.of(allPairs(suite, attempts)));
    mine.removeAll(skip);
    return mine;
  }

  /** Every (task, attempt) pair of the suite run, attempt by attempt, tasks in file order. */
  private static List<AttemptKey> allPairs(Suite suite, int attempts) {
    List<AttemptKey> pairs = new ArrayList<>();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      for (SuiteTask task : suite.tasks()) {
        pairs.add(new AttemptKey(task.id(), attempt));
      }
    }
    return pairs;
  }

  /**
   * Runs the suite and waits for it. When the calling thread is interrupted, or {@link #cancel} is
   * called, in-flight attempts are interrupted (and recorded so) and no new one starts.
   */
  public List<AttemptOutcome> run(Suite suite, Options options) throws InterruptedException {
    List<AttemptKey> plan =
        plan(suite, options.attempts() * options.rounds(), options.skip(), shard);
    listener.suiteStarted(options.suiteRunId(), plan.size());
    SharedBudget budget = options.loop().controls().sharedBudget();
    if (budget != null) {
      budget.start();
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.concurrency(), daemonThreads());
    executor = pool;
    try {
      List<AttemptOutcome> outcomes = new ArrayList<>();
      for (int round = 1; round <= options.rounds(); round++) {
        // a round starts when the one before has ended: its runs are there to learn from
        Options forRound = options.startingRound(Instant.now());
        List<Future<AttemptOutcome>> futures = new ArrayList<>();
        for (AttemptKey key : plan) {
          if (options.roundOf(key.attempt()) == round) {
            SuiteTask task = task(suite, key.taskId());
            futures.add(pool.submit(() -> attempt(suite, task, key.attempt(), forRound)));
          }
        }
        for (Future<AttemptOutcome> future : futures) {
          try {
            AttemptOutcome outcome = future.get();
            if (outcome != null) {
              outcomes.add(outcome);
            }
          } catch (CancellationException e) {
            // cancelled before it started: nothing was recorded for it, resume will run it
          } catch (ExecutionException e) {
            throw unwrap(e);
          }
        }
        if (pool.isShutdown()) {
          break;
        }
      }
      return outcomes;
    } catch (InterruptedException e) {
      cancel();
      throw e;
    } finally {
      cancel();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** Stops the suite: attempts not started are dropped, running ones are interrupted. */
  public void cancel() {
    ExecutorService pool = executor;
    if (pool != null) {
      // interrupts running attempts (they record themselves as interrupted); the queued ones
      // never start, and their futures are cancelled so nobody waits for them
      for (Runnable queued : pool.shutdownNow()) {
        if (queued instanceof Future<?> future) {
          future.cancel(false);
        }
      }
    }
  }

  /** Waits until every attempt thread has finished recording, at most the given time. */
  public boolean awaitStopped(long millis) throws InterruptedException {
    ExecutorService pool = executor;
    return pool == null || pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }

  /** An empty workspace for the task now, seeded when the loop provisions the run. */
  public static Provisioner workspace(Path directory, SuiteTask task) {
    return Workspace.create(directory, task);
  }

  /** Null when the suite's shared budget was spent before this attempt could start. */
  private AttemptOutcome attempt(Suite suite, SuiteTask task, int attempt, Options options) {
    SharedBudget budget = options.loop().controls().sharedBudget();
    if (budget != null && budget.exceeded().isPresent()) {
      // not started, not recorded: a resume with a new budget runs it
      return null;
    }
    listener.attemptStarted(task, attempt);
    Path workspace =
        options.workspaceRoot().resolve(options.suiteRunId()).resolve(task.id() + "-" + attempt);
    Workspace provisioned = Workspace.create(workspace, task);
    LoopOptions loopOptions = options.loop().forTask(task.maxTurns(), task.timeout());
    AgentLoop loop = new AgentLoop(client, tools, sink, loopOptions, pricing);
    if (checkpoints != null) {
      loop.withCheckpoints(checkpoints);
    }
    RunSpec spec =
        new RunSpec(
            task.prompt(),
            task.id(),
            options.suiteRunId(),
            attempt,
            loopOptions.model(),
            client.provider(),
            options.mode(),
            workspace.toString(),
            null,
            null,
            metadata(suite, task, options, attempt, shard));
    String resumeRun = interrupted.get(new AttemptKey(task.id(), attempt));
    RunResult result =
        resumeRun != null
            ? durable.resume(
                durable.resumable(resumeRun),
                loop,
                checkpoints,
                workspace,
                provisioned,
                new CommandCheck(task.check(), tools.sandbox()))
            : loop.run(
                spec, workspace, provisioned, new CommandCheck(task.check(), tools.sandbox()));
    listener.attemptFinished(task, attempt, result);
    boolean passed = result.check() != null && result.check().status() == CheckStatus.PASS;
    boolean keep =
        options.keep() == KeepWorkspaces.ALL
            || (options.keep() == KeepWorkspaces.FAILED && !passed);
    if (!keep) {
      Workspace.delete(workspace);
    }
    return new AttemptOutcome(task, attempt, result, keep ? workspace : null);
  }

  private static String metadata(
      Suite suite, SuiteTask task, Options options, int attempt, Shard shard) {
    ObjectNode node = JSON.createObjectNode();
    node.put("suite", suite.name());
    node.put("suite_file", suite.file() == null ? null : suite.file().toString());
    node.put("suite_sha256", suite.sha256());
    node.put("attempts", options.attempts());
    if (options.rounds() > 1) {
      node.put("rounds", options.rounds());
      node.put("round", options.roundOf(attempt));
    }
    node.put("check", task.check());
    node.putPOJO("tags", task.tags());
    if (shard.count() > 1) {
      node.put("shard", shard.toString());
    }
    return node.toString();
  }

  private static SuiteTask task(Suite suite, String id) {
    return suite.tasks().stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no task " + id));
  }

  private static RuntimeException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "distillery-attempt");
      thread.setDaemon(true);
      return thread;
    };
  }
}
