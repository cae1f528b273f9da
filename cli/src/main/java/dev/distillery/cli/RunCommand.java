package dev.distillery.cli;

import dev.distillery.runtime.loop.AgentLoop;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.suite.SuiteRunner.KeepWorkspaces;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
      description = "Continue a suite run: skip finished attempts, redo interrupted ones.")
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

  @Option(names = "--json", description = "Print the suite summary as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
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
              modelOptions.loopOptions(root.context),
              json);
      return new SuiteCommand(
              plan, root.context, spec.commandLine().getOut(), spec.commandLine().getErr())
          .call();
    }
    String task = prompt != null ? prompt : readStdin();
    Path dir = workdir == null ? root.context.cwd() : root.context.cwd().resolve(workdir);
    if (!Files.isDirectory(dir)) {
      throw new DistilleryException("--workdir " + dir + " is not a directory");
    }
    ModelClient client = modelOptions.client(root.context);
    PrintWriter err = spec.commandLine().getErr();
    try (TraceTarget target = TraceTarget.open(storeOption.resolve(root.context), err)) {
      AgentLoop loop =
          new AgentLoop(
              client,
              ToolRegistry.defaults(),
              new ConsoleSink(target.sink(), err),
              modelOptions.loopOptions(root.context),
              Pricing.bundled());
      RunSpec runSpec =
          RunSpec.adHoc(
              task,
              modelOptions.modelName(root.context),
              client.provider(),
              "agent",
              dir.toString());
      RunResult result = runOnWorker(() -> loop.run(runSpec, dir, null));
      return report(result);
    }
  }

  private RunResult runOnWorker(Callable<RunResult> work) throws Exception {
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

  private int report(RunResult result) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (result.finalText() != null && !result.finalText().isBlank()) {
      out.println(result.finalText());
      out.flush();
    }
    err.printf(
        "run %s %s (%s) in %d turns, %d tokens, %s%n",
        result.runId(),
        result.status().wire(),
        result.outcome(),
        result.turns(),
        result.usage().total(),
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
