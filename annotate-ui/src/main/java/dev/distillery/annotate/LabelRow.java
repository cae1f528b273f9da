package dev.distillery.annotate;

import java.util.List;

/**
 * One label to record for an author, as {@code distillery label} and a label file give it: checked
 * by {@link Annotator}, not here.
 *
 * @param line where it came from (a file's line, 1 on), named when it is refused; 0 for none
 * @param run a run's id or a unique prefix of it
 * @param label {@code correct}, {@code incorrect} or {@code withdrawn}
 * @param step the event it is about, or null for the whole run
 */
public record LabelRow(
    int line,
    String run,
    String label,
    List<String> tags,
    String comment,
    String author,
    String step) {
  public LabelRow {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
