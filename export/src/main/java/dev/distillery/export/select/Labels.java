package dev.distillery.export.select;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.LatestLabels;
import dev.distillery.trace.Rater;
import dev.distillery.trace.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides a run's label from its label sources in order ({@code export --labels}): the first source
 * that has something to say decides. People ({@code human}) and judges ({@code judge}, or one judge
 * {@code judge:<model>}) count each author's latest run-level annotation that has a label (a newer
 * one supersedes the older; a withdrawal leaves the author without one, {@link LatestLabels}); the
 * authors of a source disagreeing give the majority when asked, else nothing (disputed), and a
 * disputed source ends the search. The check gives pass = correct, fail = incorrect. With no source
 * left, none.
 */
public final class Labels {
  private Labels() {}

  /** Today's rule: people, then the check when {@code useCheck}. */
  public static RunLabel resolve(
      Run run, List<Annotation> annotations, boolean useCheck, boolean majority) {
    return resolve(
        run,
        annotations,
        useCheck ? List.of(Rater.PEOPLE, Rater.CHECK) : List.of(Rater.PEOPLE),
        majority);
  }

  /** The label of the first of {@code sources} that has one (or that is disputed). */
  public static RunLabel resolve(
      Run run, List<Annotation> annotations, List<Rater> sources, boolean majority) {
    Map<String, Annotation> latest = LatestLabels.ofRun(annotations);
    for (Rater source : sources) {
      if (source.kind() == Rater.Kind.CHECK) {
        String check = Rater.checkLabel(run);
        if (check != null) {
          return new RunLabel(check, RunLabel.Source.CHECK, List.of());
        }
        continue;
      }
      List<String> authors = new ArrayList<>();
      long correct = 0;
      for (Map.Entry<String, Annotation> label : latest.entrySet()) {
        if (source.counts(label.getKey())) {
          authors.add(label.getKey());
          correct += label.getValue().label().equals("correct") ? 1 : 0;
        }
      }
      if (!authors.isEmpty()) {
        return decide(authors, correct, source.judge(), majority);
      }
    }
    return new RunLabel(null, RunLabel.Source.NONE, List.of());
  }

  private static RunLabel decide(
      List<String> authors, long correct, boolean judge, boolean majority) {
    long incorrect = authors.size() - correct;
    if (incorrect == 0 || correct == 0 || (majority && correct != incorrect)) {
      return new RunLabel(
          correct > incorrect ? "correct" : "incorrect",
          judge ? RunLabel.Source.JUDGE : RunLabel.Source.HUMAN,
          authors);
    }
    return new RunLabel(null, RunLabel.Source.DISPUTED, authors);
  }
}
