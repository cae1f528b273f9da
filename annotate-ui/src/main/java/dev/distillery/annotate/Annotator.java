package dev.distillery.annotate;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Ids;
import dev.distillery.trace.LatestLabels;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Records labels as the browser does (the same checks, the same {@code annotations} rows) for a
 * named author: one at a time, or a whole file, checked whole before anything is written. The
 * server's API and {@code distillery label} on a store it opens itself both come here.
 */
public final class Annotator {
  static final int MAX_AUTHOR = 200;

  private final TraceRepository repository;
  private final Clock clock;

  public Annotator(TraceRepository repository, Clock clock) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What an import did: rows written, and rows that their author's latest label already said. */
  public record Imported(int added, int skipped) {}

  /**
   * Adds one annotation, always (a label given again is a newer annotation, as in the browser).
   *
   * @throws DistilleryException (one line) for an unknown or ambiguous run, an unknown step or
   *     label, a bad tag or comment or author
   */
  public Annotation add(LabelRow row) {
    return add(row.run(), author(row.author()), request(row), clock.instant());
  }

  Annotation add(String runIdOrPrefix, String author, LabelRequest request, Instant at) {
    Run run = Runs.find(repository, runIdOrPrefix);
    requireStep(run, request.eventId(), repository.events(run.id()));
    Annotation annotation =
        new Annotation(
            Ids.newId(),
            run.id(),
            request.eventId(),
            author,
            request.label(),
            request.tags(),
            request.comment(),
            at);
    repository.annotate(annotation);
    return annotation;
  }

  /**
   * Checks every row, then writes those that change something in one go: a row whose author's
   * latest label of that run (or step) already says the same label, tags and comment is skipped, so
   * importing a file twice adds nothing. Later rows of the file count as newer.
   *
   * @throws DistilleryException naming the first bad row's line; then nothing is written
   */
  public Imported importRows(List<LabelRow> rows) {
    Map<String, List<Annotation>> said = new HashMap<>();
    Map<String, Set<String>> events = new HashMap<>();
    List<Annotation> added = new ArrayList<>();
    Instant start = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int skipped = 0;
    for (LabelRow row : rows) {
      Annotation annotation;
      try {
        requireFields(row);
        LabelRequest request = request(row);
        Run run = Runs.find(repository, row.run().strip());
        // a run's events are read only for a row about one of its steps
        if (request.eventId() != null
            && !events
                .computeIfAbsent(run.id(), id -> eventIds(repository.events(id)))
                .contains(request.eventId())) {
          throw RefusedException.badRequest(
              "run " + run.id() + " has no event " + request.eventId());
        }
        List<Annotation> history =
            said.computeIfAbsent(run.id(), id -> new ArrayList<>(repository.annotations(id)));
        String author = author(row.author());
        if (saysTheSame(LatestLabels.lastSaid(history, author, request.eventId()), request)) {
          skipped++;
          continue;
        }
        // one microsecond apart (the store's precision), so a file's later rows are newer
        annotation =
            new Annotation(
                Ids.newId(),
                run.id(),
                request.eventId(),
                author,
                request.label(),
                request.tags(),
                request.comment(),
                start.plus(added.size(), ChronoUnit.MICROS));
        history.add(annotation);
      } catch (DistilleryException e) {
        throw new RefusedException(status(e), "line " + row.line() + ": " + e.getMessage());
      }
      added.add(annotation);
    }
    if (!added.isEmpty()) {
      repository.annotateAll(added);
    }
    return new Imported(added.size(), skipped);
  }

  private static Set<String> eventIds(List<TraceEvent> events) {
    return new HashSet<>(events.stream().map(TraceEvent::id).toList());
  }

  private static int status(DistilleryException e) {
    return e instanceof RefusedException refused ? refused.status() : 400;
  }

  private static void requireFields(LabelRow row) {
    for (String[] field :
        new String[][] {{"run", row.run()}, {"label", row.label()}, {"author", row.author()}}) {
      if (field[1] == null || field[1].isBlank()) {
        throw RefusedException.badRequest("missing field '" + field[0] + "'");
      }
    }
  }

  private static LabelRequest request(LabelRow row) {
    if (row.label() == null || row.label().isBlank()) {
      throw RefusedException.badRequest("give a label: correct, incorrect or withdrawn");
    }
    return new LabelRequest(row.label().strip(), row.tags(), row.comment(), row.step());
  }

  private static boolean saysTheSame(Annotation last, LabelRequest request) {
    return last != null
        && last.label().equals(request.label())
        && Set.copyOf(last.tags()).equals(Set.copyOf(request.tags()))
        && Objects.equals(last.comment(), request.comment());
  }

  static void requireStep(Run run, String eventId, List<TraceEvent> events) {
    if (eventId != null && events.stream().noneMatch(e -> e.id().equals(eventId))) {
      throw RefusedException.badRequest("run " + run.id() + " has no event " + eventId);
    }
  }

  /** An author's name as given: 1 to 200 characters, no control characters. */
  static String author(String author) {
    String name = author == null ? "" : author.strip();
    if (name.isEmpty()
        || name.length() > MAX_AUTHOR
        || name.chars().anyMatch(Character::isISOControl)) {
      throw RefusedException.badRequest(
          "an author must be 1 to " + MAX_AUTHOR + " characters without control characters");
    }
    return name;
  }
}
