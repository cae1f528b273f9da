package dev.distillery.cli;

import dev.distillery.export.ExportFormat;
import dev.distillery.export.ExportOptions;
import dev.distillery.export.ExportSummary;
import dev.distillery.export.Exporter;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.RunQuery;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery export}: labelled runs as a dataset a trainer loads untouched. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export runs as a training dataset.",
      "Formats: openai, openai-dpo, trl-sft, trl-kto, trl-dpo, sharegpt, atif, raw.",
      "Secrets are redacted, splits are by task, and a README.md dataset card says what is in it."
    })
final class ExportCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin LakeOption lakeOption;

  @Option(
      names = {"-f", "--format"},
      required = true,
      paramLabel = "FORMAT",
      description = "openai, openai-dpo, trl-sft, trl-kto, trl-dpo, sharegpt, atif or raw.")
  String format;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "DIR",
      description = "Folder to write.")
  Path out;

  @Option(
      names = "--as",
      defaultValue = "jsonl",
      paramLabel = "CONTAINER",
      description =
          "jsonl (default), or parquet in the Hugging Face layout"
              + " <format>/<split>-00000-of-00001.parquet.")
  String container;

  @Option(
      names = "--where",
      paramLabel = "SQL",
      description =
          "Only runs matching this predicate over the runs table, e.g. \"model = 'gpt-4o'\".")
  String where;

  @Option(names = "--suite", paramLabel = "SUITE_RUN", description = "Only runs of this suite run.")
  String suite;

  @Option(names = "--model", description = "Only runs of this model.")
  String model;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Only runs started at or after this date (2026-11-01) or instant.")
  String since;

  @Option(
      names = "--label",
      defaultValue = "any",
      description = "correct, incorrect or any (default any).")
  String label;

  @Option(
      names = "--use-check",
      description =
          "Label runs that no other source labelled by their check: pass = correct,"
              + " fail = incorrect (check added at the end of --labels).")
  boolean useCheck;

  @Option(
      names = "--labels",
      paramLabel = "SOURCES",
      description =
          "Which label sources count, in order, the first that has a label winning: human,"
              + " judge, judge:<model>, check (default: human; --use-check adds check).")
  String labels;

  @Option(
      names = "--min-judge-kappa",
      paramLabel = "K",
      description =
          "Refuse to export unless each judge in --labels has Cohen's kappa >= K against people"
              + " over the runs both labelled.")
  Double minJudgeKappa;

  @Option(
      names = "--conflicts",
      defaultValue = "skip",
      description = "When annotators disagree: skip (default) or majority.")
  String conflicts;

  @Option(
      names = "--train-on",
      defaultValue = "final",
      description = "Which assistant turns are trained (OpenAI weight): final (default) or all.")
  String trainOn;

  @Option(
      names = "--split",
      defaultValue = "train=1.0",
      description = "Splits by task, e.g. train=0.9,test=0.1.")
  String split;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the split (default 0).")
  long seed;

  @Option(
      names = "--redact",
      paramLabel = "REGEX",
      description = "Also redact this pattern (repeatable).")
  List<String> redact = new ArrayList<>();

  @Option(names = "--no-redact", description = "Do not redact secrets.")
  boolean noRedact;

  @Option(
      names = "--include-incorrect",
      description = "Let SFT formats take runs that are not labelled correct.")
  boolean includeIncorrect;

  @Option(
      names = "--include-incomplete",
      description =
          "Let SFT, DPO and KTO formats take runs whose answer was cut by the length limit"
              + " (outcome truncated) or empty (empty_answer).")
  boolean includeIncomplete;

  @Override
  public Integer call() {
    ExportFormat exportFormat = parseFormat();
    Instant from = since == null ? null : parseSince(since);
    Path outDir = root.context.cwd().resolve(out);
    ExportOptions options =
        ExportOptions.builder(exportFormat, outDir)
            .container(ExportOptions.Container.fromCli(container))
            .label(label)
            .useCheck(useCheck)
            .labels(labels == null ? null : ExportOptions.parseLabels(labels))
            .minJudgeKappa(minJudgeKappa)
            .conflicts(ExportOptions.Conflicts.fromCli(conflicts))
            .trainOn(ExportOptions.TrainOn.fromCli(trainOn))
            .splits(ExportOptions.parseSplits(split))
            .seed(seed)
            .redact(!noRedact)
            .extraPatterns(redact)
            .includeIncorrectInSft(includeIncorrect)
            .includeIncomplete(includeIncomplete)
            .filters(filters())
            .build();
    RunQuery runs =
        RunQuery.builder().where(where).suiteRunId(suite).model(model).since(from).build();
    try (DuckDbTraceStore store =
        lakeOption.open(storeOption, root.context, spec.commandLine().getErr(), true)) {
      // also checks the --where predicate before anything is written
      long total = store.count(runs);
      ExportSummary summary =
          new Exporter(Version.number())
              .export(store, runs, options, progress(total, spec.commandLine().getErr()));
      print(summary, outDir, labels != null);
    }
    return ExitCode.OK;
  }

  private ExportFormat parseFormat() {
    try {
      return ExportFormat.fromCli(format);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "unknown format '"
              + format
              + "'; the formats are openai, openai-dpo, trl-sft, trl-kto, trl-dpo, sharegpt, atif, raw");
    }
  }

  private static Instant parseSince(String text) {
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--since wants a date like 2026-11-01 or an instant like 2026-11-01T12:00:00Z, not "
              + text);
    }
  }

  /** On a terminal, a progress line redrawn every 100 runs and cleared at the end of a pass. */
  private Exporter.Progress progress(long total, PrintWriter err) {
    if (!root.context.terminal()) {
      return Exporter.Progress.NONE;
    }
    return new Exporter.Progress() {
      private long last;

      @Override
      public void read(int pass, long runs) {
        last = runs;
        if (runs % 100 == 0) {
          err.printf(
              "\r%s: %d of at most %d runs",
              pass == 0 ? "exporting" : "writing pairs", runs, total);
          err.flush();
        }
      }

      @Override
      public void passEnded(int pass) {
        if (last > 0) {
          err.print("\r" + " ".repeat(60) + "\r");
          err.flush();
        }
        last = 0;
      }
    };
  }

  private Map<String, String> filters() {
    Map<String, String> filters = new LinkedHashMap<>();
    if (where != null) {
      filters.put("where", where);
    }
    if (suite != null) {
      filters.put("suite run", suite);
    }
    if (model != null) {
      filters.put("model", model);
    }
    if (since != null) {
      filters.put("since", since);
    }
    return filters;
  }

  private void print(ExportSummary summary, Path outDir, boolean bySource) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "wrote %d rows of %s to %s%n", summary.totalRows(), summary.format().cliName(), outDir);
    summary.rows().forEach((name, rows) -> out.printf("  %-10s %d rows%n", name, rows));
    if (summary.pairs() > 0) {
      out.printf("  %d preference pairs%n", summary.pairs());
    }
    if (bySource) {
      section(out, "rows by label source", summary.rowsBySource());
    }
    summary.judges().forEach(judge -> out.println("judge " + judge.describe()));
    section(out, "left out", summary.leftOut());
    section(out, "skipped (invalid for the format)", summary.skipped());
    section(out, "redacted", summary.redactions());
    out.println("files: " + String.join(", ", summary.files()));
    out.flush();
  }

  private static void section(PrintWriter out, String title, Map<String, Long> counts) {
    if (!counts.isEmpty()) {
      out.println(title + ":");
      counts.forEach((name, count) -> out.printf("  %-40s %d%n", name, count));
    }
  }
}
