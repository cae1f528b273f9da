package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.QueryTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery failures}: the commonest failure signatures, with a run to look at. */
@Command(
    name = "failures",
    mixinStandardHelpOptions = true,
    description = {
      "List the commonest failures, their variants grouped together.",
      "Tool errors, model and harness errors and failed checks, with numbers, paths, ids, hashes",
      "and times normalised away so that variants group together."
    })
final class FailuresCommand implements Callable<Integer> {
  enum Source {
    TOOL,
    ERROR,
    CHECK
  }

  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin LakeOption lakeOption;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "10",
      description = "Show N signatures (default 10).")
  int limit;

  @Option(names = "--source", description = "Only failures from: ${COMPLETION-CANDIDATES}.")
  Source source;

  @Override
  public Integer call() {
    int rows = Math.max(1, limit);
    String where =
        source == null ? "" : " WHERE source = '" + source.name().toLowerCase(Locale.ROOT) + "'";
    String sql =
        "SELECT occurrences, runs, source, array_to_string(tools, ',') AS tools, signature,"
            + " example_run FROM failure_signatures"
            + where
            + " ORDER BY occurrences DESC, runs DESC, signature LIMIT "
            + rows;
    PrintWriter out = spec.commandLine().getOut();
    try (DuckDbTraceStore store =
        lakeOption.open(storeOption, root.context, spec.commandLine().getErr(), true)) {
      QueryTable result = store.query(sql, rows);
      if (result.rows().isEmpty()) {
        out.println("no failures recorded");
      } else {
        TextTable table =
            new TextTable(
                List.of("COUNT", "RUNS", "SOURCE", "TOOLS", "SIGNATURE", "EXAMPLE RUN"), 90);
        for (List<Object> row : result.rows()) {
          List<Object> cells = new ArrayList<>(row);
          cells.set(5, Format.shortId(String.valueOf(row.get(5))));
          table.row(cells);
        }
        table.print(out);
        out.println(
            "see one: distillery show RUN   all of them: distillery sql \"select * from failure_signatures\"");
      }
      out.flush();
    }
    return ExitCode.OK;
  }
}
