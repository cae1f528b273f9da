package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.suite.LearningCurve;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery learn}: what learning from labelled runs did. */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    description = "What learning from labelled runs (--learn) did.",
    subcommands = {LearnCommand.Report.class})
final class LearnCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.OK;
  }

  /** {@code distillery learn report SUITE_RUN}: the learning curve of a suite run in rounds. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "Print a suite run's learning curve again: pass@1 per round, per task.")
  static final class Report implements Callable<Integer> {
    @ParentCommand LearnCommand learn;
    @Spec CommandSpec spec;
    @Mixin StoreOption storeOption;

    @Parameters(paramLabel = "SUITE_RUN", description = "The suite run (as printed when it ran).")
    String suiteRun;

    @Option(names = "--json", description = "Print it as JSON.")
    boolean json;

    Main root() {
      return (Main) learn.spec.parent().userObject();
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<Run> runs;
      try (DuckDbTraceStore store = Stores.forReading(storeOption.resolve(root().context), err)) {
        runs =
            store.runs(RunFilter.builder().suiteRunId(suiteRun).limit(Integer.MAX_VALUE).build());
      }
      if (runs.isEmpty()) {
        throw new DistilleryException(
            "no suite run '" + suiteRun + "' in this store (the id is printed when it starts)");
      }
      LearningCurve curve = LearningCurve.of(runs);
      if (json) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("suite_run_id", suiteRun);
        node.set("rounds", CurveTable.json(curve));
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      } else {
        CurveTable.print(curve, out);
      }
      out.flush();
      return ExitCode.OK;
    }
  }
}
