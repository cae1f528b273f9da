package dev.distillery.export.select;

import dev.distillery.export.ExportFormat;
import dev.distillery.export.ExportOptions;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Rater;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunQuery;
import java.util.Map;
import java.util.Set;

/**
 * Which labelled runs a dataset takes. Labelled formats leave out disputed and unlabelled runs; SFT
 * formats take correct runs only unless told otherwise; {@code --label} narrows any format. Runs
 * whose answer was cut by the length limit or empty stay out of the training formats unless asked
 * for, whatever their label: a person or a check may pass a run whose last reply is unusable text.
 */
public final class Selection {
  /** The outcomes of runs that ended without a usable answer, and the reason each is left out. */
  private static final Map<String, String> INCOMPLETE =
      Map.of(
          "truncated", "truncated answer (outcome truncated)",
          "empty_answer", "empty answer (outcome empty_answer)");

  private final ExportOptions options;

  public Selection(ExportOptions options) {
    this.options = options;
  }

  /**
   * The runs whose events and messages this dataset may need, or null when any run can go in: a run
   * with no human label whose check cannot give it the label the dataset wants stays out whatever
   * its contents, so a store need not read those. It is a superset, not the decision: {@link
   * Labels} and {@link #leaveOut} still decide each run, and count the ones left out.
   */
  public RunQuery.Content content() {
    ExportFormat format = options.format();
    String wanted;
    if (!options.label().equals("any")) {
      wanted = options.label();
    } else if (format.correctOnly() && !options.includeIncorrectInSft()) {
      wanted = "correct";
    } else if (format.labelled()) {
      wanted = null;
    } else {
      return null;
    }
    if (!options.labelOrder().contains(Rater.CHECK)) {
      return RunQuery.Content.humanLabelled();
    }
    if (wanted == null) {
      return new RunQuery.Content(Set.of(CheckStatus.PASS, CheckStatus.FAIL));
    }
    return new RunQuery.Content(
        Set.of(wanted.equals("correct") ? CheckStatus.PASS : CheckStatus.FAIL));
  }

  /** Why a run stays out of this dataset, or null when it goes in. */
  public String leaveOut(Run run, RunLabel label) {
    ExportFormat format = options.format();
    if (label.disputed() && (format.labelled() || !options.label().equals("any"))) {
      return "disputed";
    }
    if (label.value() == null && (format.labelled() || !options.label().equals("any"))) {
      return "unlabelled";
    }
    if (!options.label().equals("any") && !options.label().equals(label.value())) {
      return "label is not " + options.label();
    }
    if (format.correctOnly()
        && !options.includeIncorrectInSft()
        && !"correct".equals(label.value())) {
      return "not correct (SFT takes correct runs)";
    }
    if (format.labelled() && !options.includeIncomplete() && run.outcome() != null) {
      return INCOMPLETE.get(run.outcome());
    }
    return null;
  }
}
