package dev.distillery.annotate;

import dev.distillery.trace.Annotation;
import java.util.List;
import java.util.Set;

/**
 * What a person asked to record about a run: a label, tags, a comment, optionally about one step.
 * Validated when built; at least one of label, tags and comment is present. The label {@link
 * Annotation#WITHDRAWN} withdraws the author's label and carries no tags.
 */
record LabelRequest(String label, List<String> tags, String comment, String eventId) {
  static final Set<String> LABELS = Set.of("correct", "incorrect", Annotation.WITHDRAWN);
  static final int MAX_COMMENT = 10_000;
  static final int MAX_TAGS = 20;
  static final int MAX_TAG = 60;

  LabelRequest {
    tags = tags == null ? List.of() : tags.stream().map(String::strip).distinct().toList();
    comment = comment == null || comment.isBlank() ? null : comment.strip();
    eventId = eventId == null || eventId.isBlank() ? null : eventId.strip();
    if (label != null && !LABELS.contains(label)) {
      throw RefusedException.badRequest(
          "label must be 'correct', 'incorrect' or 'withdrawn', not '" + label + "'");
    }
    if (Annotation.WITHDRAWN.equals(label) && !tags.isEmpty()) {
      throw RefusedException.badRequest("a withdrawal carries no tags");
    }
    if (tags.size() > MAX_TAGS) {
      throw RefusedException.badRequest("at most " + MAX_TAGS + " tags");
    }
    for (String tag : tags) {
      if (tag.isEmpty()
          || tag.length() > MAX_TAG
          || tag.chars().anyMatch(Character::isISOControl)) {
        throw RefusedException.badRequest(
            "a tag must be 1 to " + MAX_TAG + " characters without control characters");
      }
    }
    if (comment != null && comment.length() > MAX_COMMENT) {
      throw RefusedException.badRequest("comment is longer than " + MAX_COMMENT + " characters");
    }
    if (label == null && tags.isEmpty() && comment == null) {
      throw RefusedException.badRequest("give a label, a tag or a comment");
    }
  }
}
