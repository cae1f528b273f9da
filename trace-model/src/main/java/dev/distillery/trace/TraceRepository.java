package dev.distillery.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads what was recorded, and keeps annotations. The UI and the exporter talk to this. */
public interface TraceRepository {
  /** Runs matching the filter, newest first. */
  List<Run> runs(RunFilter filter);

  /** How many runs match the filter, ignoring its limit and offset. */
  long countRuns(RunFilter filter);

  /**
   * A run by its full id or a unique prefix of it.
   *
   * @throws AmbiguousRunIdException when the prefix names several runs
   */
  Optional<Run> run(String idOrPrefix);

  /** The run's events in sequence order. */
  List<TraceEvent> events(String runId);

  /** The run's messages in index order: each message of the conversation, stored once. */
  List<Message> messages(String runId);

  /** Exactly the messages that one model request sent, rebuilt from the run's message log. */
  default List<Message> requestMessages(String runId, EventPayload.ModelRequest request) {
    return requestMessages(runId, messages(runId), request);
  }

  /** The messages a request sent, picked from the run's message log by the request's context. */
  static List<Message> requestMessages(
      String runId, List<Message> log, EventPayload.ModelRequest request) {
    List<Message> sent = new ArrayList<>(request.context().size());
    for (int index : request.context()) {
      if (index < 0 || index >= log.size()) {
        throw new DistilleryException(
            "run " + runId + " has no message #" + index + " (it has " + log.size() + ")");
      }
      sent.add(log.get(index));
    }
    return sent;
  }

  /**
   * The tree of forks and retries the run belongs to: its oldest ancestor and every run descended
   * from it (through {@link RunSpec#parentRunId}), oldest first; the run alone when it has none.
   * Repositories that keep no links return an empty list.
   */
  default List<Run> family(String runId) {
    return List.of();
  }

  /**
   * The runs the query selects, whole, in its order: each with its events (all of them, or as
   * {@link RunQuery#reading} allows), its message log and its annotations. A store streams them in
   * one pass in constant memory; the lists of a run may be decoded when first read, on the reader's
   * thread. Close the stream when done (try-with-resources), also when it is left early.
   *
   * <p>This default reads {@link #runs}, then each selected run's parts one at a time; it cannot
   * answer a query's SQL {@link RunQuery#where}.
   *
   * @throws DistilleryException when the query has a SQL predicate this repository cannot read
   */
  default Stream<RunTrace> traces(RunQuery query) {
    if (query.where() != null) {
      throw new DistilleryException(
          "this repository cannot select runs with SQL (" + query.where() + ")");
    }
    List<Run> selected =
        runs(RunFilter.latest(Integer.MAX_VALUE)).stream()
            .filter(query::matches)
            .sorted(query.order().comparator())
            .toList();
    return selected.stream().map(run -> RunTrace.read(this, run));
  }

  /** How many runs {@link #traces} would give for this query; it checks the query too. */
  default long count(RunQuery query) {
    try (Stream<RunTrace> traces = traces(query)) {
      return traces.count();
    }
  }

  void annotate(Annotation annotation);

  /**
   * Keeps several annotations; a store writes them in one transaction, so either all are kept or
   * none. This default keeps them one at a time.
   */
  default void annotateAll(List<Annotation> annotations) {
    annotations.forEach(this::annotate);
  }

  /**
   * Records a model judge's grading of a run: the judgement and, for a verdict, the annotation that
   * carries it (its id is {@code judgement.annotationId()}), in one transaction. A failure comes
   * without an annotation.
   *
   * @param verdict the annotation, or null for a failure
   * @throws DistilleryException when this repository cannot record judgements
   */
  default void recordJudgement(Judgement judgement, Annotation verdict) {
    throw new DistilleryException("this repository cannot record judgements");
  }

  /** The judge's gradings of the run, verdicts and failures, oldest first. */
  default List<Judgement> judgements(String runId) {
    return List.of();
  }

  /** The run's annotations, oldest first. */
  List<Annotation> annotations(String runId);

  /**
   * The annotations of many runs (a page of the runs list), oldest first per run; runs without any
   * are absent. A store answers with one query.
   */
  default Map<String, List<Annotation>> annotationsOf(Collection<String> runIds) {
    Map<String, List<Annotation>> byRun = new LinkedHashMap<>();
    for (String runId : runIds) {
      List<Annotation> annotations = annotations(runId);
      if (!annotations.isEmpty()) {
        byRun.put(runId, annotations);
      }
    }
    return byRun;
  }

  /** What {@link #overview} says from a repository that cannot compute one. */
  String NO_OVERVIEW = "this repository cannot compute an overview";

  /**
   * The dataset at a glance over the runs the filter selects (see {@link Overview}). Optional: the
   * store answers from its documented views in one statement; a repository that does not override
   * this (the fakes in tests, wrappers) throws, as rebuilding every figure from {@link #runs} and
   * each run's events would be a second, slower definition of the same numbers. Either way {@code
   * TraceRepositoryContract} holds it: an overview counts exactly the recorded runs and labels, or
   * the call throws a {@link DistilleryException} saying {@link #NO_OVERVIEW}, never anything else.
   *
   * @throws DistilleryException with the message {@link #NO_OVERVIEW} when this repository cannot
   */
  default Overview overview(Overview.Filter filter) {
    throw new DistilleryException(NO_OVERVIEW);
  }
}
