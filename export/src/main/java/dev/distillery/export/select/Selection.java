package dev.distillery.export.select;

import dev.distillery.export.ExportFormat;
import dev.distillery.export.ExportOptions;

/**
 * Which labelled runs a dataset takes. Labelled formats leave out disputed and unlabelled runs; SFT
 * formats take correct runs only unless told otherwise; {@code --label} narrows any format.
 */
public final class Selection {
  private final ExportOptions options;

  public Selection(ExportOptions options) {
    this.options = options;
  }

  /**
   * SQL over the {@code runs} table that every run this dataset can take satisfies, or null when
   * any run can go in: a run with no human label whose check cannot give it the label the dataset
   * wants stays out whatever its contents, so a store need not read those. It is a superset, not
   * the decision: {@link Labels} and {@link #leaveOut} still decide each run, and count the ones
   * left out. Fixed text, no user input.
   */
  public String contentFilter() {
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
    String human =
        "id IN (SELECT run_id FROM annotations"
            + " WHERE event_id IS NULL AND label IN ('correct', 'incorrect'))";
    if (!options.useCheck()) {
      return human;
    }
    String check =
        wanted == null
            ? "check_status IN ('pass', 'fail')"
            : "check_status = '" + (wanted.equals("correct") ? "pass" : "fail") + "'";
    return "(" + human + " OR " + check + ")";
  }

  /** Why a run stays out of this dataset, or null when it goes in. */
  public String leaveOut(RunLabel label) {
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
    return null;
  }
}
