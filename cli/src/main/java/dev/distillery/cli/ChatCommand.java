package dev.distillery.cli;

import dev.distillery.runtime.loop.AgentLoop;
import dev.distillery.runtime.loop.ChatSession;
import dev.distillery.runtime.loop.RunResult;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.policy.Lines;
import dev.distillery.runtime.process.Sandbox;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.KnownSecrets;
import dev.distillery.trace.RunSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery chat}: a REPL whose turns extend one recorded session. */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Talk to the agent in a session recorded as one run.",
      "Each line is a user turn of the session."
    })
final class ChatCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin ModelOptions modelOptions;
  @Mixin ControlOptions controlOptions;
  @Mixin LearnFlags learnFlags;

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description = "Where the agent's tools work (default: the current directory).")
  Path workdir;

  @Override
  public Integer call() throws Exception {
    Context context = root.context;
    Path dir = workdir == null ? context.cwd() : context.cwd().resolve(workdir);
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--workdir " + dir + " is not a directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // one reader of stdin for the REPL and for approvals
    Lines in = new Lines(context.in());
    LivePrinter live = new LivePrinter(out);
    ModelClient client = modelOptions.client(context, live);
    Sandbox sandbox = controlOptions.sandbox(context);
    try (TraceTarget target = TraceTarget.open(storeOption.resolve(context), err, context.env())) {
      AgentLoop loop =
          new AgentLoop(
              client,
              ToolRegistry.defaults(sandbox),
              KnownSecrets.process().guard(new ConsoleSink(target.sink(), err)),
              learnFlags.apply(
                  controlOptions.underServe(
                      controlOptions.apply(modelOptions.loopOptions(context), context, in, err),
                      target,
                      err),
                  context,
                  target,
                  storeOption.resolve(context),
                  err),
              modelOptions.pricing(context));
      String first = prompt(in, err, context.terminal());
      if (first == null) {
        return ExitCode.OK;
      }
      ChatSession session =
          loop.startSession(
              RunSpec.adHoc(
                  first,
                  modelOptions.modelName(context),
                  client.provider(),
                  controlOptions.mode().wire(),
                  dir.toString()),
              dir);
      String line = first;
      while (line != null) {
        long before = live.printed();
        String answer = session.send(line).finalText();
        if (live.printed() == before) { // not streamed: the answer has not been shown yet
          out.println(answer);
          out.flush();
        }
        line = prompt(in, err, context.terminal());
      }
      RunResult result = session.finish();
      err.println(
          "session recorded as run "
              + result.runId()
              + " ("
              + Format.count(result.turns(), "turn")
              + ")");
      err.flush();
      return ExitCode.OK;
    }
  }

  /** The next user line, or null at the end (EOF, /exit, /quit). */
  private static String prompt(Lines in, PrintWriter err, boolean terminal)
      throws InterruptedException {
    while (true) {
      if (terminal) {
        err.print("you> ");
        err.flush();
      }
      String line = in.next();
      if (line == null || line.strip().equals("/exit") || line.strip().equals("/quit")) {
        return null;
      }
      if (!line.isBlank()) {
        return line.strip();
      }
    }
  }
}
