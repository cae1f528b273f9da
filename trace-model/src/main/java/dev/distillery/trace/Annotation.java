package dev.distillery.trace;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A person's judgement of a run, or of one step of it. Annotations are only ever added: a changed
 * label is a newer annotation, so the history stays, and a withdrawn label is a newer annotation
 * whose label is {@link #WITHDRAWN} (see {@link LatestLabels}).
 *
 * @param eventId the step this is about, or null for the whole run
 * @param label {@code correct}, {@code incorrect}, {@link #WITHDRAWN}, or null for a comment / tag
 *     only
 */
public record Annotation(
    String id,
    String runId,
    String eventId,
    String author,
    String label,
    List<String> tags,
    String comment,
    Instant createdAt) {
  /** The label of an annotation that withdraws its author's earlier label of the run or step. */
  public static final String WITHDRAWN = "withdrawn";

  public Annotation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(createdAt, "createdAt");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** Whether this annotation withdraws its author's label rather than giving one. */
  public boolean withdrawal() {
    return WITHDRAWN.equals(label);
  }
}
