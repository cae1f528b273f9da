package dev.distillery.annotate;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.LatestLabels;
import dev.distillery.trace.TraceRepository;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recording labels, tags, comments and step flags, and reading them back per author. */
final class Labels {
  private final TraceRepository repository;
  private final String user;
  private final Clock clock;
  private final Annotator annotator;

  Labels(TraceRepository repository, String user, Clock clock) {
    this.repository = repository;
    this.user = user;
    this.clock = clock;
    this.annotator = new Annotator(repository, clock);
  }

  /** A run's annotations: all of them oldest first, and each author's latest run label. */
  record RunLabels(List<Annotation> history, Map<String, Annotation> latest) {}

  /**
   * Adds a new annotation by this server's user; an older label stays in the history.
   *
   * @throws RefusedException 404 when there is no such run, 400 when the step is not one of its
   *     events
   */
  Annotation add(String runId, LabelRequest request) {
    return add(runId, user, request);
  }

  /** As {@link #add(String, LabelRequest)}, by a named author (a trusted local client's). */
  Annotation add(String runId, String author, LabelRequest request) {
    return annotator.add(runId, author, request, clock.instant());
  }

  /** Checks a file's rows whole, then writes those that change something ({@link Annotator}). */
  Annotator.Imported importRows(List<LabelRow> rows) {
    return annotator.importRows(rows);
  }

  RunLabels of(String runId) {
    List<Annotation> history = repository.annotations(runId);
    return new RunLabels(history, latest(history));
  }

  /**
   * Each author's latest label of the whole run (step annotations and comments left out); an author
   * whose latest is a withdrawal has none.
   */
  static Map<String, Annotation> latest(List<Annotation> oldestFirst) {
    return LatestLabels.ofRun(oldestFirst);
  }

  /** Author to label, for the latest labels. */
  static Map<String, String> labelsByAuthor(List<Annotation> oldestFirst) {
    Map<String, String> labels = new LinkedHashMap<>();
    latest(oldestFirst).forEach((author, annotation) -> labels.put(author, annotation.label()));
    return labels;
  }
}
