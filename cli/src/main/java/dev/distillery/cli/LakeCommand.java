package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.lake.Lake;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery lake}: the stores' tables as a lake of Hive-partitioned Parquet. */
@Command(
    name = "lake",
    mixinStandardHelpOptions = true,
    description = {
      "Push stores to a Hive-partitioned Parquet lake, and compact it.",
      "The lake reads like a store: runs, show, sql, failures and export take --lake DIR."
    },
    subcommands = {LakeCommand.Push.class, LakeCommand.PushLabels.class, LakeCommand.Compact.class})
final class LakeCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new UsageException("say what to do: push, push-labels or compact");
  }

  /**
   * Pushes a suite run's share of a store, for {@code run --lake}: says so on {@code err}; what was
   * pushed, for the summary.
   */
  static ObjectNode pushShard(Path store, Path lakeDir, String suiteRunId, PrintWriter err) {
    Lake lake = new Lake(lakeDir);
    try (DuckDbTraceStore reading = Stores.forReading(store, err)) {
      List<Lake.Pushed> pushed = lake.push(reading, suiteRunId);
      pushed.forEach(p -> err.println("· " + line(lake, p)));
      err.flush();
      return json(lake, pushed);
    }
  }

  static String line(Lake lake, Lake.Pushed pushed) {
    return "pushed "
        + pushed.partition()
        + " to "
        + lake.dir()
        + ": "
        + String.join(
            ", ",
            pushed.rows().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())
        + " ("
        + Format.count(pushed.bytes(), "byte")
        + ")";
  }

  static ObjectNode json(Lake lake, List<Lake.Pushed> pushed) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("dir", lake.dir().toString());
    ArrayNode partitions = node.putArray("partitions");
    for (Lake.Pushed p : pushed) {
      ObjectNode partition = partitions.addObject();
      partition.put("suite_run", p.partition().suiteRun());
      partition.put("shard", p.partition().shard());
      partition.put("bytes", p.bytes());
      ObjectNode rows = partition.putObject("rows");
      p.rows().forEach(rows::put);
    }
    return node;
  }

  /** {@code --lake DIR}, required. */
  static final class LakeDir {
    @Option(names = "--lake", required = true, paramLabel = "DIR", description = "The lake.")
    Path dir;

    Lake lake(Context context) {
      return LakeOption.at(context, dir);
    }
  }

  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description = {
        "Write the store's tables to the lake, one partition per shard.",
        "Files: DIR/<table>/suite_run=R/shard=sK/part-<uuid>.parquet. A partition shows once its"
            + " manifest is written; pushed again, it replaces its own files."
      })
  static final class Push implements Callable<Integer> {
    @ParentCommand LakeCommand lakeCommand;
    @Spec CommandSpec spec;
    @Mixin StoreOption storeOption;
    @Mixin LakeDir lakeDir;

    @Option(names = "--suite-run", paramLabel = "ID", description = "Only this suite run's runs.")
    String suiteRun;

    @Option(names = "--json", description = "Say what was pushed as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Context context = lakeCommand.root.context;
      Lake lake = lakeDir.lake(context);
      PrintWriter out = spec.commandLine().getOut();
      try (DuckDbTraceStore store =
          Stores.forReading(storeOption.resolve(context), spec.commandLine().getErr())) {
        List<Lake.Pushed> pushed = lake.push(store, suiteRun);
        if (json) {
          out.println(Json.MAPPER.writeValueAsString(json(lake, pushed)));
        } else if (pushed.isEmpty()) {
          out.println("nothing to push: no runs" + (suiteRun == null ? "" : " of " + suiteRun));
        } else {
          pushed.forEach(p -> out.println(line(lake, p)));
        }
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  @Command(
      name = "push-labels",
      mixinStandardHelpOptions = true,
      description = {
        "Append the store's new annotations to the lake.",
        "One Parquet file under DIR/labels/ with the annotations the lake lacks: events, never"
            + " updates."
      })
  static final class PushLabels implements Callable<Integer> {
    @ParentCommand LakeCommand lakeCommand;
    @Spec CommandSpec spec;
    @Mixin StoreOption storeOption;
    @Mixin LakeDir lakeDir;

    @Override
    public Integer call() {
      Context context = lakeCommand.root.context;
      Lake lake = lakeDir.lake(context);
      try (DuckDbTraceStore store =
          Stores.forReading(storeOption.resolve(context), spec.commandLine().getErr())) {
        long appended = lake.pushLabels(store);
        spec.commandLine()
            .getOut()
            .println(
                "appended "
                    + Format.count(appended, "annotation")
                    + " to "
                    + lake.dir().resolve("labels"));
      }
      spec.commandLine().getOut().flush();
      return ExitCode.OK;
    }
  }

  @Command(
      name = "compact",
      mixinStandardHelpOptions = true,
      description = {
        "Merge the lake's small files.",
        "Each partition's files of a table become one, the label files one; leftovers of killed"
            + " pushes in committed partitions go. Run it while no push writes to the lake."
      })
  static final class Compact implements Callable<Integer> {
    @ParentCommand LakeCommand lakeCommand;
    @Spec CommandSpec spec;
    @Mixin LakeDir lakeDir;

    @Override
    public Integer call() {
      Lake.Compacted done = lakeDir.lake(lakeCommand.root.context).compact();
      spec.commandLine()
          .getOut()
          .println(
              "merged "
                  + Format.count(done.partitionsMerged(), "partition")
                  + " and "
                  + Format.count(done.labelFilesMerged(), "label file"));
      spec.commandLine().getOut().flush();
      return ExitCode.OK;
    }
  }
}
