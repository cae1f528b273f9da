package dev.distillery.trace;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Each author's current label of a run or of one of its steps: the author's latest annotation of it
 * that has a label, unless that one is a withdrawal ({@link Annotation#WITHDRAWN}), in which case
 * the author has none. The store's {@code labels} view says the same in SQL.
 */
public final class LatestLabels {
  private static final Comparator<Annotation> OLDEST_FIRST =
      Comparator.comparing(Annotation::createdAt).thenComparing(Annotation::id);

  private LatestLabels() {}

  /** Author (sorted) to that author's current label of the whole run. */
  public static Map<String, Annotation> ofRun(List<Annotation> annotations) {
    return of(annotations, null);
  }

  /**
   * Author (sorted) to that author's current label of one step, or of the whole run when {@code
   * eventId} is null.
   */
  public static Map<String, Annotation> of(List<Annotation> annotations, String eventId) {
    Map<String, Annotation> latest = new TreeMap<>();
    annotations.stream()
        .filter(a -> a.label() != null && Objects.equals(a.eventId(), eventId))
        .sorted(OLDEST_FIRST)
        .forEach(a -> latest.put(a.author(), a));
    latest.values().removeIf(Annotation::withdrawal);
    return latest;
  }

  /**
   * The latest annotation with a label (a withdrawal included) by this author of the run or step,
   * or null: what a new label of it is compared with.
   */
  public static Annotation lastSaid(List<Annotation> annotations, String author, String eventId) {
    return annotations.stream()
        .filter(
            a ->
                a.label() != null
                    && a.author().equals(author)
                    && Objects.equals(a.eventId(), eventId))
        .max(OLDEST_FIRST)
        .orElse(null);
  }
}
