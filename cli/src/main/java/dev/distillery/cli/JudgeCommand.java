package dev.distillery.cli;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.JudgementWire;
import dev.distillery.annotate.Judgements;
import dev.distillery.export.redact.Redactor;
import dev.distillery.runtime.judge.Judge;
import dev.distillery.runtime.judge.Rubric;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Judgement;
import dev.distillery.trace.LabelSource;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery judge}: grades runs with a model; each verdict an annotation by {@code
 * judge:<model>}, each grading (verdict or failure) a row of {@code judgements}.
 */
@Command(
    name = "judge",
    mixinStandardHelpOptions = true,
    description = {
      "Grade runs with a model judge; each verdict is a label.",
      "Its author is judge:<model>.",
      "The judge reads each run compactly (task, tool calls, answer, check) and answers by a rubric",
      "with correct or incorrect, failure tags, a reason and the step that went wrong. Runs this",
      "judge already graded under the same rubric are skipped. See docs/labels.md."
    })
final class JudgeCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin ProviderOptions provider;
  @Mixin JudgeSelection selection;

  @Parameters(
      arity = "0..*",
      paramLabel = "RUN",
      description = "Only these runs (ids or prefixes).")
  List<String> runIds = new ArrayList<>();

  @Option(
      names = "--rubric",
      paramLabel = "FILE",
      description = "Grade by the rubric in this text file (default: the built-in one).")
  Path rubricFile;

  @Option(
      names = "--suite-file",
      paramLabel = "FILE",
      description = "A suite file whose tasks' own rubric fields grade their runs (they win).")
  Path suiteFile;

  @Option(
      names = "--concurrency",
      defaultValue = "4",
      paramLabel = "N",
      description = "Grade N runs at once (default 4).")
  int concurrency;

  @Option(
      names = "--max-cost",
      paramLabel = "USD",
      description = "Start no new judgement once the judgements have cost this much.")
  Double maxCost;

  @Override
  public Integer call() throws InterruptedException {
    if (concurrency < 1 || concurrency > 64) {
      throw new UsageException("--concurrency must be 1 to 64, not " + concurrency);
    }
    if (maxCost != null && !(maxCost > 0)) {
      throw new UsageException("--max-cost must be positive");
    }
    JudgeRubrics rubrics = JudgeRubrics.load(root.context.cwd(), rubricFile, suiteFile);
    Path file = storeOption.resolve(root.context);
    PrintWriter err = spec.commandLine().getErr();
    return Stores.withStore(
        file,
        err,
        "judging",
        store -> judge(store, rubrics, new Judgements(store, Clock.systemUTC())::record),
        client -> {
          try (DuckDbTraceStore snapshot = Stores.forReading(file, err)) {
            return judge(
                snapshot,
                rubrics,
                judgement -> JudgementWire.judgement(client.judge(JudgementWire.body(judgement))));
          }
        });
  }

  private int judge(DuckDbTraceStore store, JudgeRubrics rubrics, UnaryOperator<Judgement> record)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String model = provider.modelName(root.context);
    String author = LabelSource.judgeAuthor(model);
    List<Run> selected = runIds.isEmpty() ? selection.runs(store) : named(store);
    List<Run> todo = new ArrayList<>();
    Map<String, Set<String>> graded = new HashMap<>();
    int skipped = 0;
    int running = 0;
    for (Run run : selected) {
      if (run.status() == RunStatus.RUNNING) {
        running++;
        continue;
      }
      Rubric rubric = rubrics.of(run);
      if (graded
          .computeIfAbsent(rubric.hash(), hash -> store.gradedRuns(author, hash))
          .contains(run.id())) {
        skipped++;
        continue;
      }
      todo.add(run);
    }
    if (todo.isEmpty()) {
      out.println(
          selected.isEmpty()
              ? "no runs match: nothing to judge"
              : "nothing to judge: " + describe(skipped, running));
      out.flush();
      return ExitCode.OK;
    }
    Judge judge = judge(store, model);
    JudgeProgress progress =
        new JudgeProgress(spec.commandLine().getErr(), root.context.terminal(), todo.size());
    JudgeRound.Tally tally =
        new JudgeRound(store, judge, model, author, rubrics::of, record, maxCost)
            .grade(todo, concurrency, progress);
    JudgeSummary.print(out, author, tally, skipped, running, maxCost);
    return ExitCode.OK;
  }

  private Judge judge(DuckDbTraceStore store, String model) {
    Long window = provider.contextWindow(root.context);
    Set<String> tags = new LinkedHashSet<>(AnnotateOptions.DEFAULT_FAILURE_TAGS);
    tags.addAll(store.annotationTags());
    Redactor redactor = Redactor.standard(List.of());
    return new Judge(
        provider.client(root.context),
        provider.pricing(root.context),
        new Judge.Options(
            model,
            window == null ? Judge.DEFAULT_WINDOW : (int) Math.min(window, Integer.MAX_VALUE),
            provider.nativeTools(root.context),
            List.copyOf(tags)),
        redactor::redact);
  }

  private List<Run> named(DuckDbTraceStore store) {
    List<Run> runs = new ArrayList<>();
    for (String id : runIds) {
      runs.add(
          store
              .run(id)
              .orElseThrow(
                  () -> new DistilleryException("no run '" + id + "' (see `distillery runs`)")));
    }
    return runs;
  }

  private static String describe(int skipped, int running) {
    List<String> parts = new ArrayList<>();
    if (skipped > 0) {
      parts.add(
          skipped + (skipped == 1 ? " run" : " runs") + " already graded by this judge and rubric");
    }
    if (running > 0) {
      parts.add(running + (running == 1 ? " run" : " runs") + " still running");
    }
    return String.join(", ", parts);
  }
}
