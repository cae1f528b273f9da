package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Judgement;
import dev.distillery.trace.Run;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery show RUN}: one run's timeline. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Show a run's timeline.",
      "The request, each model turn, each tool call and result."
    })
final class ShowCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin LakeOption lakeOption;

  @Parameters(paramLabel = "RUN", description = "A run id, or a unique prefix of one.")
  String runId;

  @Option(names = "--full", description = "Do not fold long texts.")
  boolean full;

  @Option(names = "--states", description = "Also show the loop's state transitions.")
  boolean states;

  @Override
  public Integer call() {
    try (DuckDbTraceStore store =
        lakeOption.open(storeOption, root.context, spec.commandLine().getErr(), false)) {
      Run run =
          store
              .run(runId)
              .orElseThrow(
                  () -> new DistilleryException("no run '" + runId + "' (see `distillery runs`)"));
      new Timeline(spec.commandLine().getOut(), full ? 0 : 12, states)
          .print(run, store.events(run.id()));
      printJudgements(store.judgements(run.id()));
    }
    return ExitCode.OK;
  }

  /** One line a grading by a model judge (distillery judge), oldest first. */
  private void printJudgements(List<Judgement> judgements) {
    if (judgements.isEmpty()) {
      return;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("judgements:");
    for (Judgement j : judgements) {
      String what =
          j.verdict()
              ? j.label()
                  + (j.tags().isEmpty() ? "" : " [" + String.join(", ", j.tags()) + "]")
                  + " — "
                  + j.reason()
                  + (j.step() == null ? "" : " (went wrong at step " + j.step() + ")")
              : "failed — " + j.error();
      out.printf(
          Locale.ROOT,
          "  %s  %s  rubric %s  %s  %d tokens%s%n",
          j.createdAt().truncatedTo(ChronoUnit.SECONDS),
          j.author(),
          j.rubricHash().substring(0, Math.min(8, j.rubricHash().length())),
          full ? what : Format.firstLine(what, 160),
          j.usage().total(),
          j.costUsd() == null ? "" : String.format(Locale.ROOT, "  $%.4f", j.costUsd()));
    }
    out.flush();
  }
}
