package dev.distillery.runtime.judge;

import java.util.List;
import java.util.Objects;

/**
 * What the judge said of a run.
 *
 * @param label {@code correct} or {@code incorrect}
 * @param tags failure tags from the project's list
 * @param reason one sentence
 * @param step the id of the event where the run went wrong, or null
 */
public record Verdict(String label, List<String> tags, String reason, String step) {
  public Verdict {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(reason, "reason");
    tags = List.copyOf(tags);
  }
}
