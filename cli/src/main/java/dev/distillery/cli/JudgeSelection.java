package dev.distillery.cli;

import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceRepository;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which runs the judge grades: the runs list's filter ({@link RunFilter}, as {@code runs}, the
 * browser's list and its queue select), from flags: {@link RunFilterOptions}, and the judge's own.
 */
final class JudgeSelection {
  @Mixin RunFilterOptions filters;

  @Option(
      names = "--run-model",
      paramLabel = "MODEL",
      description = "Only runs made with this model (--model is the judge's).")
  String runModel;

  @Option(
      names = "--check",
      paramLabel = "STATUS",
      description = "Only runs whose check ended so: pass, fail, error or no_check.")
  String check;

  @Option(
      names = "--label",
      paramLabel = "LABEL",
      description =
          "Only runs labelled so by people: labelled, unlabelled, correct, incorrect or disputed;"
              + " or judged, by a model.")
  String label;

  @Option(
      names = "--unlabelled",
      description = "Only runs nobody has labelled (--label unlabelled).")
  boolean unlabelled;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      description = "At most N runs, newest first (default: every run selected).")
  Integer limit;

  List<Run> runs(TraceRepository repository) {
    if (limit != null && limit < 1) {
      throw new UsageException("--limit must be at least 1, not " + limit);
    }
    RunFilter filter =
        filters
            .builder()
            .model(runModel)
            .check(check == null ? null : parse(CheckStatus.class, "--check", check))
            .label(label())
            .limit(limit == null ? Integer.MAX_VALUE : limit)
            .build();
    return repository.runs(filter);
  }

  private RunFilter.Label label() {
    if (unlabelled && label != null && !label.equalsIgnoreCase("unlabelled")) {
      throw new UsageException("give --unlabelled or --label " + label + ", not both");
    }
    if (unlabelled) {
      return RunFilter.Label.UNLABELLED;
    }
    return label == null ? null : parse(RunFilter.Label.class, "--label", label);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String flag, String value) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      List<String> known =
          java.util.Arrays.stream(type.getEnumConstants())
              .map(c -> c.name().toLowerCase(Locale.ROOT))
              .toList();
      throw new UsageException(
          flag + " must be one of " + String.join(", ", known) + ", not '" + value + "'");
    }
  }
}
