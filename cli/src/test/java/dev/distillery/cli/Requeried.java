package dev.distillery.cli;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunQuery;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A repository that streams runs for a query changed on the way ({@code reading}, content filter):
 * what a store reads for an export compared with what another query reads.
 */
final class Requeried implements TraceRepository {
  private final TraceRepository store;
  private final UnaryOperator<RunQuery> change;

  Requeried(TraceRepository store, UnaryOperator<RunQuery> change) {
    this.store = store;
    this.change = change;
  }

  @Override
  public Stream<RunTrace> traces(RunQuery query) {
    return store.traces(change.apply(query));
  }

  @Override
  public List<Run> runs(RunFilter filter) {
    return store.runs(filter);
  }

  @Override
  public long countRuns(RunFilter filter) {
    return store.countRuns(filter);
  }

  @Override
  public Optional<Run> run(String idOrPrefix) {
    return store.run(idOrPrefix);
  }

  @Override
  public List<TraceEvent> events(String runId) {
    return store.events(runId);
  }

  @Override
  public List<Message> messages(String runId) {
    return store.messages(runId);
  }

  @Override
  public void annotate(Annotation annotation) {
    store.annotate(annotation);
  }

  @Override
  public List<Annotation> annotations(String runId) {
    return store.annotations(runId);
  }
}
