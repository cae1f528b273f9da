package dev.distillery.cli;

import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.model.scripted.ScriptedModelClient;
import dev.distillery.runtime.process.Sandbox;
import dev.distillery.runtime.suite.SuiteRunner;
import dev.distillery.trace.DistilleryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery demo}: the bundled example suite (examples/demo) through the scripted model, no
 * network and no key; some attempts pass their checks and some fail, like a real model's.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the bundled example suite with a scripted model (no network).",
      "No API key is needed. Every step is recorded in the store, ready for `runs`, `show` and"
          + " `sql`."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String[] FILES = {"suite.jsonl", "replies.json"};

  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Option(names = "--attempts", defaultValue = "2", description = "Attempts per task (default 2).")
  int attempts;

  @Option(
      names = "--concurrency",
      defaultValue = "2",
      description = "Attempts running at once (default 2).")
  int concurrency;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("distillery-demo-");
    try {
      for (String name : FILES) {
        copyResource("demo/" + name, dir.resolve(name));
      }
      Path store = storeOption.resolve(root.context);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      err.println("Running the demo suite (examples/demo) with a scripted model into " + store);
      SuiteCommand.Plan plan =
          new SuiteCommand.Plan(
              store,
              dir.resolve("suite.jsonl"),
              attempts,
              concurrency,
              SuiteRunner.KeepWorkspaces.NONE,
              dir.resolve("workspaces"),
              null,
              ScriptedModelClient.fromFile(dir.resolve("replies.json")),
              LoopOptions.defaults("scripted-demo"),
              false,
              "agent",
              new SnapshotOptions(),
              Sandbox.NONE,
              null,
              null);
      SuiteCommand suite = new SuiteCommand(plan, root.context, out, err);
      int code = suite.call();
      nextSteps(out, store);
      return code;
    } finally {
      TempFiles.deleteTree(dir);
    }
  }

  private void nextSteps(PrintWriter out, Path store) {
    String flag = store.equals(new StoreOption().resolve(root.context)) ? "" : " --store " + store;
    out.println();
    out.println("Next:");
    out.println("  ./distillery runs" + flag + "                    the runs just recorded");
    out.println("  ./distillery show RUN" + flag + "                one run's timeline");
    out.println("  ./distillery sql" + flag + " \"select kind, count(*) from events group by 1\"");
    out.println("  ./distillery run --base-url http://localhost:11434/v1 -m llama3.2 -p \"...\"");
    out.flush();
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new DistilleryException("the demo files are missing from this build (" + name + ")");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
