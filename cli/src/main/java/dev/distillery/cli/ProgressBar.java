package dev.distillery.cli;

import java.time.Duration;
import java.util.Locale;

/**
 * The pieces of the progress lines on stderr ({@link ProgressReporter} for a suite, {@link
 * JudgeProgress} for the judge): the bar, and the clock its elapsed time and ETA are told in.
 */
final class ProgressBar {
  static final int WIDTH = 24;

  private ProgressBar() {}

  /** "[######..................]": {@code done} of {@code total}, full when there is nothing. */
  static String bar(int done, int total) {
    int filled = total == 0 ? WIDTH : done * WIDTH / total;
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
  }

  /** "m:ss". */
  static String clock(Duration duration) {
    long seconds = duration.getSeconds();
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
