package dev.distillery.export;

import dev.distillery.trace.Agreement;
import dev.distillery.trace.Rater;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A judge's agreement with people, measured before its labels go into a dataset ({@code
 * --min-judge-kappa}): Cohen's κ between the judge and people together ({@code human}) over every
 * run of the store both labelled.
 *
 * @param judge the judge's author, {@code judge:<model>}
 * @param runs how many runs both labelled
 * @param kappa null when it cannot be measured (no such runs, or one label everywhere)
 * @param min the least κ asked for
 */
public record JudgeTrust(String judge, int runs, Double kappa, double min) {
  /**
   * The judges among the export's label sources, each measured; none when no least κ was asked.
   *
   * @throws ExportException naming the first judge whose κ is below the least asked, or cannot be
   *     measured: its labels would be used untrusted, so nothing is written
   */
  static List<JudgeTrust> measure(TraceRepository repository, ExportOptions options) {
    if (options.minJudgeKappa() == null) {
      return List.of();
    }
    List<Agreement.RatedRun> rated = Agreement.read(repository, RunFilter.builder().build());
    List<JudgeTrust> measured = new ArrayList<>();
    for (Rater judge : judges(options.labelOrder(), rated)) {
      Agreement.Result result = Agreement.between(judge, Rater.PEOPLE, rated);
      JudgeTrust trust =
          new JudgeTrust(judge.name(), result.runs(), result.kappa(), options.minJudgeKappa());
      if (!trust.trusted()) {
        throw new ExportException(trust.refusal());
      }
      measured.add(trust);
    }
    return measured;
  }

  /**
   * The judges a source list names: one judge, or each judge who labelled a run for {@code judge}.
   */
  private static Set<Rater> judges(List<Rater> sources, List<Agreement.RatedRun> rated) {
    Set<Rater> judges = new LinkedHashSet<>();
    for (Rater source : sources) {
      if (source.kind() == Rater.Kind.JUDGE) {
        judges.add(source);
      } else if (source.kind() == Rater.Kind.JUDGES) {
        Agreement.present(rated).stream()
            .filter(rater -> rater.kind() == Rater.Kind.JUDGE)
            .forEach(judges::add);
      }
    }
    return judges;
  }

  public boolean trusted() {
    return kappa != null && kappa >= min;
  }

  /** One line: the judge, its κ against people, and on how many runs it was measured. */
  public String describe() {
    return judge
        + ": kappa "
        + (kappa == null ? "undefined" : String.format(Locale.ROOT, "%.3f", kappa))
        + " against people over "
        + runs
        + (runs == 1 ? " run" : " runs")
        + " both labelled (--min-judge-kappa "
        + min
        + ")";
  }

  String refusal() {
    return "judge "
        + describe()
        + (kappa == null ? " cannot be measured" : " is below the least asked")
        + ": nothing written; label more runs (distillery agreement shows where they differ),"
        + " or leave the judge out of --labels";
  }
}
