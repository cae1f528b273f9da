package dev.distillery.cli;

import dev.distillery.runtime.loop.AgentLoop;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.runtime.loop.SharedBudget;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.policy.Lines;
import dev.distillery.runtime.process.Sandbox;
import dev.distillery.runtime.suite.Shard;
import dev.distillery.runtime.suite.SuiteRunner.KeepWorkspaces;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.KnownSecrets;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery run}: one prompt, or a suite of tasks N times each. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the agent on a prompt (-p, or stdin) and record every step.",
      "With --suite, run every task of a suite file N times, each in a fresh workspace, graded by"
          + " its check."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin ModelOptions modelOptions;
  @Mixin ControlOptions controlOptions;
  @Mixin SnapshotOptions snapshots;
  @Mixin LearnFlags learnFlags;

  @Option(
      names = {"-p", "--prompt"},
      description = "The task for the agent; read from stdin when absent.")
  String prompt;

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description = "Where the agent's tools work (default: the current directory).")
  Path workdir;

  @Option(names = "--suite", paramLabel = "FILE", description = "A suite file (JSONL) to run.")
  Path suite;

  @Option(
      names = "--attempts",
      description =
          "Attempts per task (default 1; on --resume, what the suite run was started with).")
  Integer attempts;

  @Option(
      names = "--concurrency",
      defaultValue = "1",
      description = "Attempts running at once (default 1).")
  int concurrency;

  @Option(
      names = "--resume",
      paramLabel = "SUITE_RUN",
      description =
          "Continue a suite run: skip finished attempts, resume interrupted ones from their"
              + " last checkpoint.")
  String resume;

  @Option(
      names = "--keep-workspaces",
      defaultValue = "none",
      arity = "0..1",
      fallbackValue = "failed",
      description = "Keep attempt workspaces: none, failed (the default when given), all.")
  KeepWorkspaces keep;

  @Option(
      names = "--workspaces",
      paramLabel = "DIR",
      description = "Where attempt workspaces are made (default: the system temp directory).")
  Path workspaces;

  @Option(
      names = "--rounds",
      paramLabel = "R",
      description =
          "Run the suite's attempts R times, one round after the other (default 1); with --learn,"
              + " a round learns from the rounds before it. The summary gives pass@1 per round.")
  Integer rounds;

  @Option(names = "--json", description = "Print the suite summary as JSON.")
  boolean json;

  @Option(
      names = "--suite-run",
      paramLabel = "ID",
      description =
          "Name the suite run, so that several processes (shards) make one; run again, it goes"
              + " on where this store left it.")
  String suiteRun;

  @Option(
      names = "--shard",
      paramLabel = "K/N",
      description =
          "Run only shard K of N of the suite's (task, attempt) pairs (needs --suite-run); every"
              + " pair is in exactly one shard, the same on every machine.")
  String shard;

  @Option(
      names = "--lake",
      paramLabel = "DIR",
      description =
          "When the suite run ends, push this store's share of it to the Parquet lake DIR"
              + " (distillery lake push).")
  Path lake;

  @Option(
      names = "--suite-max-tokens",
      paramLabel = "N",
      description = "Stop a suite once its attempts have used N tokens together.")
  Long suiteMaxTokens;

  @Option(
      names = "--suite-max-cost",
      paramLabel = "USD",
      description = "Stop a suite once its attempts have cost this much together.")
  Double suiteMaxCost;

  @Option(
      names = "--suite-time-limit",
      paramLabel = "SECONDS",
      description = "Stop a suite after this many seconds of wall time.")
  Long suiteTimeLimit;

  @Override
  public Integer call() throws Exception {
    Shard shards = ShardOptions.check(suite, resume, suiteRun, shard, lake);
    if (suite != null || resume != null) {
      SuiteCommand.Plan plan =
          new SuiteCommand.Plan(
              storeOption.resolve(root.context),
              suite,
              attempts,
              concurrency,
              keep,
              workspaces,
              resume,
              modelOptions.client(root.context),
              // attempts run unattended: an ask is a no unless --yes or the policy allows it
              withSuiteBudget(
                  controlOptions.apply(
                      modelOptions.loopOptions(root.context),
                      root.context,
                      null,
                      spec.commandLine().getErr())),
              json,
              controlOptions.mode().wire(),
              snapshots,
              controlOptions.sandbox(root.context),
              learnFlags,
              rounds);
      return new SuiteCommand(
              plan, root.context, spec.commandLine().getOut(), spec.commandLine().getErr())
          .named(suiteRun, shards)
          .lake(lake == null ? null : root.context.cwd().resolve(lake))
          .call();
    }
    if (rounds != null) {
      throw new UsageException("--rounds needs --suite");
    }
    if (suiteMaxTokens != null || suiteMaxCost != null || suiteTimeLimit != null) {
      throw new UsageException(
          "--suite-max-tokens, --suite-max-cost and --suite-time-limit"
              + " need --suite; for one run use --max-tokens, --max-cost, --time-limit");
    }
    String task = prompt != null ? prompt : readStdin();
    Path dir = workdir == null ? root.context.cwd() : root.context.cwd().resolve(workdir);
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--workdir " + dir + " is not a directory");
    }
    PrintWriter err = spec.commandLine().getErr();
    ModelClient client = modelOptions.client(root.context, new LivePrinter(err));
    LoopOptions options =
        controlOptions.apply(
            modelOptions.loopOptions(root.context),
            root.context,
            root.context.terminal() ? new Lines(root.context.in()) : null,
            err);
    Sandbox sandbox = controlOptions.sandbox(root.context);
    Path storeFile = storeOption.resolve(root.context);
    try (TraceTarget target = TraceTarget.open(storeFile, err, root.context.env())) {
      AgentLoop loop =
          new AgentLoop(
                  client,
                  ToolRegistry.defaults(sandbox),
                  KnownSecrets.process().guard(new ConsoleSink(target.sink(), err)),
                  learnFlags.apply(
                      controlOptions.underServe(options, target, err),
                      root.context,
                      target,
                      storeFile,
                      err),
                  modelOptions.pricing(root.context))
              .withCheckpoints(snapshots.checkpointer(root.context, storeFile));
      RunSpec runSpec =
          RunSpec.adHoc(
              task,
              modelOptions.modelName(root.context),
              client.provider(),
              controlOptions.mode().wire(),
              dir.toString());
      RunResult result = runOnWorker(() -> loop.run(runSpec, dir, null));
      return report(result, spec.commandLine().getOut(), err);
    }
  }

  private LoopOptions withSuiteBudget(LoopOptions options) {
    if (suiteMaxTokens == null && suiteMaxCost == null && suiteTimeLimit == null) {
      return options;
    }
    try {
      SharedBudget budget =
          new SharedBudget(
              suiteMaxTokens,
              suiteMaxCost,
              suiteTimeLimit == null ? null : Duration.ofSeconds(suiteTimeLimit));
      return options.toBuilder().controls(options.controls().withSharedBudget(budget)).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--suite-max-tokens, --suite-max-cost and --suite-time-limit must be positive");
    }
  }

  /** Runs the work on its own thread, which Ctrl-C interrupts so that the run records itself. */
  static RunResult runOnWorker(Callable<RunResult> work) throws Exception {
    AtomicReference<RunResult> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                result.set(work.call());
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "distillery-run");
    try (GracefulStop stop = new GracefulStop(GracefulStop.thread(worker))) {
      worker.start();
      worker.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  /** Prints the answer on stdout and how the run went on stderr; returns the exit code. */
  static int report(RunResult result, PrintWriter out, PrintWriter err) {
    if (result.finalText() != null && !result.finalText().isBlank()) {
      out.println(result.finalText());
      out.flush();
    }
    err.printf(
        "run %s %s (%s) in %s, %s, %s%n",
        result.runId(),
        result.status().wire(),
        result.outcome(),
        Format.count(result.turns(), "turn"),
        Format.count(result.usage().total(), "token"),
        Format.cost(result.costUsd()));
    if (result.status() != RunStatus.SUCCEEDED && result.reason() != null) {
      err.println("reason: " + result.reason());
    }
    err.println("see it: distillery show " + Format.shortId(result.runId()));
    err.flush();
    return switch (result.status()) {
      case SUCCEEDED -> ExitCode.OK;
      case INTERRUPTED -> ExitCode.INTERRUPTED;
      default -> ExitCode.RUN_FAILED;
    };
  }

  private String readStdin() throws IOException {
    if (root.context.terminal()) {
      spec.commandLine().getErr().println("Type the task, then Ctrl-D:");
    }
    String text = new String(root.context.in().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new DistilleryException(
          "no prompt: give one with -p \"...\" or on stdin (or --suite FILE)");
    }
    return text;
  }
}
