package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.capture.proxy.RecordingProxy;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery runs}: the recorded runs, newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List recorded runs, newest first.")
final class RunsCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin RunFilterOptions filters;

  @Option(names = "--model", description = "Only runs of this model.")
  String model;

  @Mixin LakeOption lakeOption;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "20",
      description = "At most N runs (default 20).")
  int limit;

  @Option(names = "--json", description = "One JSON object per run, one a line.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DuckDbTraceStore store =
        lakeOption.open(storeOption, root.context, spec.commandLine().getErr(), false)) {
      RunFilter filter = filters.builder().model(model).limit(limit).build();
      List<Run> runs = store.runs(filter);
      if (json) {
        runs.forEach(run -> out.println(toJson(run)));
      } else if (runs.isEmpty()) {
        out.println("no runs yet: try `distillery demo`");
      } else {
        table(runs, store.countRuns(filter)).print(out);
      }
      out.flush();
    }
    return ExitCode.OK;
  }

  private TextTable table(List<Run> runs, long total) {
    Instant now = Instant.now();
    TextTable table =
        new TextTable(
            List.of(
                "RUN", "STATUS", "OUTCOME", "CHECK", "TASK", "ATTEMPT", "TURNS", "TOKENS", "MODEL",
                "AGE"),
            40);
    for (Run run : runs) {
      table.row(
          List.of(
              Format.shortId(run.id()),
              run.status().wire(),
              run.outcome() == null ? "-" : run.outcome(),
              run.check() == null ? "-" : run.check().status().wire(),
              run.spec().taskId() == null
                  ? source(run) + Format.firstLine(run.spec().taskPrompt(), 30)
                  : run.spec().taskId(),
              run.spec().attempt(),
              run.turns(),
              run.usage().total(),
              run.spec().model(),
              Format.age(run.startedAt(), now)));
    }
    if (total > runs.size()) {
      table.row(
          List.of(
              "… " + (total - runs.size()) + " more (--limit)",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              ""));
    }
    return table;
  }

  /** Where a run came from when Distillery did not run it: {@code proxy: } for proxied runs. */
  private static String source(Run run) {
    return RecordingProxy.MODE.equals(run.spec().mode()) ? RecordingProxy.MODE + ": " : "";
  }

  static ObjectNode toJson(Run run) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("id", run.id());
    node.put("status", run.status().wire());
    node.put("outcome", run.outcome());
    node.put("reason", run.reason());
    node.put("task_id", run.spec().taskId());
    node.put("suite_run_id", run.spec().suiteRunId());
    node.put("attempt", run.spec().attempt());
    node.put("prompt", run.spec().taskPrompt());
    node.put("model", run.spec().model());
    node.put("provider", run.spec().provider());
    node.put("mode", run.spec().mode());
    node.put("started_at", run.startedAt().toString());
    node.put("ended_at", run.endedAt() == null ? null : run.endedAt().toString());
    node.put("turns", run.turns());
    node.put("prompt_tokens", run.usage().promptTokens());
    node.put("completion_tokens", run.usage().completionTokens());
    node.put("cost_usd", run.costUsd());
    node.put("check", run.check() == null ? null : run.check().status().wire());
    node.put("working_dir", run.spec().workingDirectory());
    return node;
  }

  static ArrayNode toJson(List<Run> runs) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    runs.forEach(run -> array.add(toJson(run)));
    return array;
  }
}
