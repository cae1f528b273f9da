package dev.distillery.annotate;

import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceRepository;
import java.util.Optional;

/** The labelling queue: the newest unlabelled run under the list's filters. */
final class Queue {
  private Queue() {}

  /**
   * @param skip a run to pass over (the one on screen), or null
   */
  static Optional<Run> next(TraceRepository repository, ListQuery query, String skip) {
    RunFilter unlabelled =
        query.filter().toBuilder().label(RunFilter.Label.UNLABELLED).limit(2).offset(0).build();
    return repository.runs(unlabelled).stream().filter(run -> !run.id().equals(skip)).findFirst();
  }
}
