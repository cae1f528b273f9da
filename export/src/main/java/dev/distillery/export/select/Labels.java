package dev.distillery.export.select;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.LatestLabels;
import dev.distillery.trace.Run;
import java.util.List;
import java.util.Map;

/**
 * Decides a run's label: each author's latest run-level annotation that has a label (a newer one
 * supersedes the older; a withdrawal leaves the author without one, {@link LatestLabels}); authors
 * disagreeing give the majority when asked, else nothing (disputed); with no human label, the check
 * when asked (pass = correct, fail = incorrect); else none.
 */
public final class Labels {
  private Labels() {}

  public static RunLabel resolve(
      Run run, List<Annotation> annotations, boolean useCheck, boolean majority) {
    Map<String, Annotation> latest = LatestLabels.ofRun(annotations);
    if (!latest.isEmpty()) {
      return human(latest, majority);
    }
    if (useCheck && run.check() != null) {
      if (run.check().status() == CheckStatus.PASS) {
        return new RunLabel("correct", RunLabel.Source.CHECK, List.of());
      }
      if (run.check().status() == CheckStatus.FAIL) {
        return new RunLabel("incorrect", RunLabel.Source.CHECK, List.of());
      }
    }
    return new RunLabel(null, RunLabel.Source.NONE, List.of());
  }

  private static RunLabel human(Map<String, Annotation> latest, boolean majority) {
    List<String> authors = List.copyOf(latest.keySet());
    long correct = latest.values().stream().filter(a -> a.label().equals("correct")).count();
    long incorrect = latest.size() - correct;
    if (incorrect == 0 || correct == 0 || (majority && correct != incorrect)) {
      return new RunLabel(
          correct > incorrect ? "correct" : "incorrect", RunLabel.Source.HUMAN, authors);
    }
    return new RunLabel(null, RunLabel.Source.DISPUTED, authors);
  }
}
