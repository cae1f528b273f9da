package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Agreement;
import dev.distillery.trace.Agreement.RatedRun;
import dev.distillery.trace.Rater;
import dev.distillery.trace.RunFilter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery agreement}: how far label sources agree (Cohen's κ, raw agreement, the
 * confusion matrix), and the runs two of them label differently.
 */
@Command(
    name = "agreement",
    mixinStandardHelpOptions = true,
    description = {
      "Show how far annotators, judges and the check agree on labels.",
      "Sources: a person's name, human (people together), judge:<model>, judge (judges together),"
          + " check (pass = correct, fail = incorrect).",
      "Without --a and --b, every pair of sources present; with them, that pair and the runs they"
          + " label differently. Beside a running serve, from a snapshot."
    })
final class AgreementCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin RunFilterOptions filters;

  @Option(names = "--model", description = "Only runs of this model.")
  String model;

  @Option(names = "--a", paramLabel = "SOURCE", description = "One source of the pair.")
  String first;

  @Option(names = "--b", paramLabel = "SOURCE", description = "The other source of the pair.")
  String second;

  @Option(names = "--json", description = "One JSON object per pair, one a line.")
  boolean json;

  @Override
  public Integer call() {
    if ((first == null) != (second == null)) {
      throw new UsageException("--a and --b go together: name both sources of the pair, or none");
    }
    Rater a = first == null ? null : parse(first);
    Rater b = second == null ? null : parse(second);
    List<RatedRun> rated;
    try (DuckDbTraceStore store =
        Stores.forReading(storeOption.resolve(root.context), spec.commandLine().getErr())) {
      RunFilter filter = filters.builder().model(model).build();
      rated = Agreement.read(store, filter);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (a != null) {
      Agreement.Result result = Agreement.between(a, b, rated);
      if (json) {
        out.println(toJson(result, true));
      } else {
        AgreementText.pair(out, result);
      }
    } else {
      List<Agreement.Result> pairs = Agreement.everyPair(rated);
      if (json) {
        pairs.forEach(result -> out.println(toJson(result, false)));
      } else if (pairs.isEmpty()) {
        out.println(
            "no two label sources to compare: label runs with `distillery label` or in the"
                + " browser (`distillery serve`)");
      } else {
        AgreementText.pairs(out, pairs);
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  private static Rater parse(String name) {
    try {
      return Rater.parse(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static ObjectNode toJson(Agreement.Result result, boolean withRuns) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("a", result.first().name());
    node.put("b", result.second().name());
    node.put("runs", result.runs());
    node.put("agreements", result.agreements());
    node.put("raw", result.raw());
    node.put("kappa", result.kappa());
    Agreement.Matrix m = result.matrix();
    ObjectNode matrix = node.putObject("matrix");
    matrix.put("correct_correct", m.correctCorrect());
    matrix.put("correct_incorrect", m.correctIncorrect());
    matrix.put("incorrect_correct", m.incorrectCorrect());
    matrix.put("incorrect_incorrect", m.incorrectIncorrect());
    if (withRuns) {
      ArrayNode runs = node.putArray("disagreements");
      for (Agreement.Disagreement d : result.disagreements()) {
        runs.addObject()
            .put("run", d.run().id())
            .put("task_id", d.run().spec().taskId())
            .put("a", d.first())
            .put("b", d.second());
      }
    }
    return node;
  }

  /** κ with three decimals, or {@code -} when it is undefined. */
  static String kappa(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }

  /** A share as a percentage with one decimal, or {@code -} when there are no runs. */
  static String percent(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * value);
  }
}
