package dev.distillery.trace;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The dataset at a glance, over the runs a {@link Filter} selects: per task pass rates and label
 * coverage, failure tags and signatures, distributions per run, runs per day, pass@1 per round and
 * what an export would hold. The page at {@code /overview} and {@code distillery stats} show it.
 *
 * @param runs runs selected
 * @param coverage runs by label, per source: {@code people}, {@code judge} (annotations whose
 *     author is a model judge, {@link LabelSource#ofAuthor}) and {@code check}
 * @param judgeAgreement the judge's label beside people's, over the runs both labelled
 */
public record Overview(
    Filter filter,
    long runs,
    List<TaskFigures> tasks,
    List<Coverage> coverage,
    Agreement judgeAgreement,
    List<Count> failureTags,
    List<Signature> signatures,
    List<Histogram> distributions,
    List<Count> runsPerDay,
    List<Round> rounds,
    List<ExportCount> export) {
  public Overview {
    Objects.requireNonNull(filter, "filter");
    tasks = List.copyOf(tasks);
    coverage = List.copyOf(coverage);
    Objects.requireNonNull(judgeAgreement, "judgeAgreement");
    failureTags = List.copyOf(failureTags);
    signatures = List.copyOf(signatures);
    distributions = List.copyOf(distributions);
    runsPerDay = List.copyOf(runsPerDay);
    rounds = List.copyOf(rounds);
    export = List.copyOf(export);
  }

  /**
   * Which runs the overview covers; null fields do not filter.
   *
   * @param suite the suite's name (its file name, as in the {@code suite_runs} view)
   * @param since runs started on or after this day (UTC)
   * @param until runs started on or before this day (UTC)
   */
  public record Filter(String suite, String task, String model, LocalDate since, LocalDate until) {
    public static final Filter ALL = new Filter(null, null, null, null, null);

    public Filter {
      suite = blankToNull(suite);
      task = blankToNull(task);
      model = blankToNull(model);
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }

  /**
   * One task, over the latest run of each (suite run, attempt), as the {@code task_stats} view
   * counts.
   *
   * @param passAt1 passes / graded, null when nothing was graded
   * @param passAtK 1 if any attempt passed, 0 if none did, null when nothing was graded
   * @param people the task's runs by the label people agree on
   * @param judge the task's runs by the label model judges agree on
   */
  public record TaskFigures(
      String taskId,
      long attempts,
      long graded,
      long passes,
      Double passAt1,
      Double passAtK,
      LabelCounts people,
      LabelCounts judge) {
    public TaskFigures {
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(people, "people");
      Objects.requireNonNull(judge, "judge");
    }
  }

  /** Runs by label: none yet, correct, incorrect, and labels that differ (never for a check). */
  public record LabelCounts(long unlabelled, long correct, long incorrect, long disputed) {}

  /** Label coverage from one source: {@code people}, {@code judge} or {@code check}. */
  public record Coverage(String source, LabelCounts counts) {
    public Coverage {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(counts, "counts");
    }
  }

  /**
   * The judge's label beside people's, over the runs where both agree on one (a disputed run is
   * left out): the 2×2 counts, the share where they agree, and Cohen's κ (null when there are no
   * such runs, or when chance alone would make them agree on all).
   *
   * @param runs the runs measured on
   * @param correctCorrect people and judge say correct
   * @param correctIncorrect people say correct, the judge incorrect
   * @param incorrectCorrect people say incorrect, the judge correct
   * @param incorrectIncorrect both say incorrect
   */
  public record Agreement(
      long runs,
      long correctCorrect,
      long correctIncorrect,
      long incorrectCorrect,
      long incorrectIncorrect,
      Double agreement,
      Double kappa) {}

  /** A name (a tag, a day) and how many runs have it. */
  public record Count(String name, long count) {
    public Count {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A failure signature (see the {@code failure_signatures} view) among the selected runs. */
  public record Signature(
      String signature, String source, long occurrences, long runs, String exampleRun) {
    public Signature {
      Objects.requireNonNull(signature, "signature");
    }
  }

  /**
   * A distribution over runs: {@code turns}, {@code tokens}, {@code cost_usd} or {@code
   * wall_seconds}; runs without the value (no known cost, still running) are left out.
   */
  public record Histogram(String name, List<Bucket> buckets) {
    public Histogram {
      Objects.requireNonNull(name, "name");
      buckets = List.copyOf(buckets);
    }
  }

  /**
   * Runs whose value is at least {@code from} and below {@code to}; the last bucket of a measure
   * with fractions (cost, wall time) also holds its {@code to}, the largest value.
   */
  public record Bucket(double from, double to, long count) {}

  /** Pass@1 over the graded runs of one round of suites run in rounds. */
  public record Round(int round, long graded, long passes, Double passAt1) {}

  /**
   * What an export in a family of formats would hold now, counted from labels (people's agreed
   * label, else the check's): runs held, and runs left out by reason.
   */
  public record ExportCount(String formats, long runs, List<Count> leftOut) {
    public ExportCount {
      Objects.requireNonNull(formats, "formats");
      leftOut = List.copyOf(leftOut);
    }
  }
}
