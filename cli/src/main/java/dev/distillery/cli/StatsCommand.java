package dev.distillery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Overview;
import dev.distillery.trace.json.TraceJson;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery stats}: the figures of the overview page, in the terminal. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Show the dataset at a glance, as serve's /overview page does.",
      "Pass rates and label coverage per task, failure tags and signatures, turns, tokens, cost",
      "and wall time per run, runs per day, pass@1 per round, and what an export would hold now."
    })
final class StatsCommand implements Callable<Integer> {
  /** The encoding of {@code /api/overview}: the trace encoding's mapper, records as they are. */
  private static final ObjectMapper JSON = TraceJson.builder().build();

  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Option(names = "--suite", description = "Only runs of this suite (its file name).")
  String suite;

  @Option(names = "--task", description = "Only attempts at this task id.")
  String task;

  @Option(names = "--model", description = "Only runs of this model.")
  String model;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Only runs started on or after this day (YYYY-MM-DD, UTC).")
  LocalDate since;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      description = "Only runs started on or before this day (YYYY-MM-DD, UTC).")
  LocalDate until;

  @Option(names = "--json", description = "The figures as one JSON object (as /api/overview).")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    Overview overview;
    try (DuckDbTraceStore store =
        Stores.forReading(storeOption.resolve(root.context), spec.commandLine().getErr())) {
      overview = store.overview(new Overview.Filter(suite, task, model, since, until));
    }
    if (json) {
      out.println(JSON.writeValueAsString(overview));
    } else {
      new StatsText(out).print(overview);
    }
    out.flush();
    return ExitCode.OK;
  }
}
