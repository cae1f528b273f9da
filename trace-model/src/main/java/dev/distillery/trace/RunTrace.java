package dev.distillery.trace;

import java.util.List;
import java.util.Objects;

/**
 * One run and everything recorded for it, as a repository streams it ({@link
 * TraceRepository#traces}). A store may hand over lists that decode their contents when first read,
 * so that a reader who leaves the run out does not pay for them and a reader on another thread
 * decodes on its own; and, for a run its query's content filter left out, lists that refuse to be
 * read ({@link RunQuery#content}).
 *
 * @param events in order of seq: every event, or the last exchange ({@link RunQuery.Reading})
 * @param messages the run's message log, in index order
 * @param annotations oldest first
 */
public record RunTrace(
    Run run, List<TraceEvent> events, List<Message> messages, List<Annotation> annotations) {
  public RunTrace {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(annotations, "annotations");
  }

  /** The run as the repository answers for it now, every list read at once. */
  public static RunTrace read(TraceRepository repository, Run run) {
    return new RunTrace(
        run,
        repository.events(run.id()),
        repository.messages(run.id()),
        repository.annotations(run.id()));
  }
}
