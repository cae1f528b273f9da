package dev.distillery.export;

import dev.distillery.trace.AmbiguousRunIdException;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Message;
import dev.distillery.trace.RecordedRuns;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A repository in memory: runs, their events and message logs, annotations. */
final class FakeTraceRepository implements TraceRepository {
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private final Map<String, List<TraceEvent>> events = new LinkedHashMap<>();
  private final Map<String, List<Message>> messages = new LinkedHashMap<>();
  private final List<Annotation> annotations = new ArrayList<>();
  private String unreadable;

  /** Reading this run's events fails from now on, as a store that went away would. */
  void breakEventsOf(String runId) {
    unreadable = runId;
  }

  void record(TraceEvent event) {
    events.computeIfAbsent(event.runId(), id -> new ArrayList<>()).add(event);
  }

  void log(String runId, Message message) {
    messages.computeIfAbsent(runId, id -> new ArrayList<>()).add(message);
  }

  /** Records the event and folds the run's row and message log from its events, as a store does. */
  void recordAndFold(TraceEvent event) {
    record(event);
    List<TraceEvent> all = events.get(event.runId());
    put(RecordedRuns.run(all));
    messages.put(event.runId(), RecordedRuns.messages(all));
  }

  void put(Run run) {
    runs.put(run.id(), run);
  }

  /** Every run, in the order they were recorded. */
  List<Run> all() {
    return List.copyOf(runs.values());
  }

  @Override
  public List<Run> runs(RunFilter filter) {
    return runs.values().stream()
        .filter(run -> filter.taskId() == null || filter.taskId().equals(run.spec().taskId()))
        .filter(
            run ->
                filter.suiteRunId() == null || filter.suiteRunId().equals(run.spec().suiteRunId()))
        .filter(run -> filter.model() == null || filter.model().equals(run.spec().model()))
        .filter(run -> filter.status() == null || filter.status() == run.status())
        .sorted(Comparator.comparing(Run::startedAt).reversed())
        .skip(filter.offset())
        .limit(filter.limit())
        .toList();
  }

  @Override
  public long countRuns(RunFilter filter) {
    return runs(filter.page(Integer.MAX_VALUE, 0)).size();
  }

  @Override
  public Optional<Run> run(String idOrPrefix) {
    if (idOrPrefix.isEmpty()) {
      return Optional.empty();
    }
    List<String> ids = runs.keySet().stream().filter(id -> id.startsWith(idOrPrefix)).toList();
    if (runs.containsKey(idOrPrefix)) {
      return Optional.of(runs.get(idOrPrefix));
    }
    if (ids.size() > 1) {
      throw new AmbiguousRunIdException(idOrPrefix, ids);
    }
    return ids.stream().findFirst().map(runs::get);
  }

  @Override
  public List<TraceEvent> events(String runId) {
    if (runId.equals(unreadable)) {
      throw new DistilleryException("cannot read the events of " + runId);
    }
    return List.copyOf(events.getOrDefault(runId, List.of()));
  }

  @Override
  public List<Message> messages(String runId) {
    return List.copyOf(messages.getOrDefault(runId, List.of()));
  }

  @Override
  public void annotate(Annotation annotation) {
    annotations.add(annotation);
  }

  @Override
  public List<Annotation> annotations(String runId) {
    return annotations.stream()
        .filter(a -> a.runId().equals(runId))
        .sorted(Comparator.comparing(Annotation::createdAt))
        .toList();
  }
}
