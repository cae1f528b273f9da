package dev.distillery.store;

import static dev.distillery.store.SampleRuns.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.AmbiguousRunIdException;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload.ModelRequest;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import dev.distillery.trace.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TraceRepository} must do, whatever keeps the data. A subclass supplies a fresh,
 * empty repository and the sink that writes into it.
 */
abstract class TraceRepositoryContract {
  /** The repository under test, empty at the start of each test. */
  protected abstract TraceRepository repository();

  /** Where events are recorded so that {@link #repository()} reads them. */
  protected abstract TraceSink sink();

  private void recordOneByOne(List<TraceEvent> events) {
    events.forEach(sink()::record);
  }

  @Test
  void should_read_back_a_recorded_run_field_by_field() {
    List<TraceEvent> events = SampleRuns.fullRun("run-full", T0);
    recordOneByOne(events);

    Run run = repository().run("run-full").orElseThrow();
    assertEquals(((RunStarted) events.get(0).payload()).spec(), run.spec());
    assertEquals(RunStatus.SUCCEEDED, run.status());
    assertEquals("answered", run.outcome());
    assertEquals("the model answered", run.reason());
    assertEquals(T0, run.startedAt());
    assertEquals(events.get(events.size() - 1).timestamp(), run.endedAt());
    assertEquals(2, run.turns());
    assertEquals(new Usage(250, 30), run.usage());
    assertEquals(0.0012, run.costUsd());
    assertEquals(SampleRuns.CHECK, run.check());

    assertEquals(events, repository().events("run-full"));
    assertEquals(
        List.of(
            SampleRuns.SYSTEM,
            SampleRuns.USER,
            SampleRuns.ASK_TOOL,
            SampleRuns.TOOL_OUTPUT,
            SampleRuns.ANSWER),
        repository().messages("run-full"));
  }

  @Test
  void should_rebuild_exactly_the_messages_each_request_sent() {
    List<TraceEvent> events = SampleRuns.fullRun("run-req", T0);
    recordOneByOne(events);

    List<ModelRequest> requests =
        repository().events("run-req").stream()
            .filter(e -> e.kind() == EventKind.MODEL_REQUEST)
            .map(e -> (ModelRequest) e.payload())
            .toList();
    assertEquals(3, requests.size());
    assertEquals(
        List.of(SampleRuns.SYSTEM, SampleRuns.USER),
        repository().requestMessages("run-req", requests.get(0)));
    List<Message> afterTool =
        List.of(SampleRuns.SYSTEM, SampleRuns.USER, SampleRuns.ASK_TOOL, SampleRuns.TOOL_OUTPUT);
    assertEquals(afterTool, repository().requestMessages("run-req", requests.get(1)));
    assertEquals(afterTool, repository().requestMessages("run-req", requests.get(2)));
  }

  @Test
  void should_read_the_same_run_when_it_was_recorded_in_bulk() {
    List<TraceEvent> events = SampleRuns.fullRun("run-bulk", T0);
    sink().recordAll(events);

    assertEquals(events, repository().events("run-bulk"));
    assertEquals(5, repository().messages("run-bulk").size());
    Run run = repository().run("run-bulk").orElseThrow();
    assertEquals(RunStatus.SUCCEEDED, run.status());
    assertEquals(new Usage(250, 30), run.usage());
    assertEquals(SampleRuns.CHECK, run.check());
  }

  @Test
  void should_show_a_started_run_as_running_until_it_finishes() {
    recordOneByOne(SampleRuns.fullRun("run-live", T0).subList(0, 3));

    Run run = repository().run("run-live").orElseThrow();
    assertEquals(RunStatus.RUNNING, run.status());
    assertNull(run.outcome());
    assertNull(run.endedAt());
    assertNull(run.check());
    assertEquals(Usage.ZERO, run.usage());
  }

  @Test
  void should_find_a_run_by_a_unique_prefix_of_its_id() {
    start("01abc111", T0);
    start("01abd222", T0.plusSeconds(1));

    assertEquals("01abc111", repository().run("01abc").orElseThrow().id());
    assertEquals("01abd222", repository().run("01abd2").orElseThrow().id());
    assertTrue(repository().run("01abe").isEmpty());
    assertTrue(repository().run("").isEmpty());
  }

  @Test
  void should_refuse_a_prefix_that_names_several_runs() {
    start("01abc111", T0);
    start("01abd222", T0.plusSeconds(1));

    AmbiguousRunIdException error =
        assertThrows(AmbiguousRunIdException.class, () -> repository().run("01ab"));
    assertTrue(error.getMessage().contains("01abc111"), error.getMessage());
    assertTrue(error.getMessage().contains("01abd222"), error.getMessage());
  }

  @Test
  void should_prefer_an_exact_id_over_longer_ids_it_prefixes() {
    start("run-7", T0);
    start("run-77", T0.plusSeconds(1));

    assertEquals("run-7", repository().run("run-7").orElseThrow().id());
  }

  @Test
  void should_take_like_wildcards_in_a_prefix_literally() {
    start("ab_1", T0);
    start("abx2", T0.plusSeconds(1));

    assertTrue(repository().run("%").isEmpty());
    assertEquals("ab_1", repository().run("ab_").orElseThrow().id());
    assertTrue(repository().run("a%").isEmpty());
  }

  @Test
  void should_list_runs_newest_first_and_filter_them() {
    start("r1", T0);
    finish("r1", RunStatus.SUCCEEDED);
    start("r2", T0.plusSeconds(10));
    finish("r2", RunStatus.FAILED);
    startInSuite("r3", T0.plusSeconds(20), "suite-9");
    startInSuite("r4", T0.plusSeconds(30), "suite-9");
    finish("r4", RunStatus.SUCCEEDED);

    assertEquals(List.of("r4", "r3", "r2", "r1"), ids(repository().runs(RunFilter.latest(10))));
    assertEquals(List.of("r4", "r3"), ids(repository().runs(RunFilter.latest(2))));
    assertEquals(
        List.of("r2", "r1"),
        ids(repository().runs(RunFilter.builder().limit(10).offset(2).build())));
    RunFilter succeeded = RunFilter.builder().status(RunStatus.SUCCEEDED).limit(10).build();
    assertEquals(List.of("r4", "r1"), ids(repository().runs(succeeded)));
    RunFilter suite = RunFilter.builder().suiteRunId("suite-9").limit(10).build();
    assertEquals(List.of("r4", "r3"), ids(repository().runs(suite)));
    assertEquals(
        List.of("r4"),
        ids(repository().runs(suite.toBuilder().status(RunStatus.SUCCEEDED).build())));
    assertEquals(1, repository().countRuns(RunFilter.builder().status(RunStatus.RUNNING).build()));
    assertEquals(4, repository().countRuns(RunFilter.latest(1)));
  }

  @Test
  void should_keep_annotations_with_tags_and_without_an_event() {
    List<TraceEvent> events = SampleRuns.fullRun("run-note", T0);
    recordOneByOne(events);
    Instant at = T0.plus(Duration.ofMinutes(5));
    Annotation onRun =
        new Annotation(
            "a1", "run-note", null, "ana", "correct", List.of("gold", "short"), "fine", at);
    Annotation onStep =
        new Annotation(
            "a2", "run-note", events.get(4).id(), "bo", null, List.of(), null, at.plusSeconds(1));
    repository().annotate(onRun);
    repository().annotate(onStep);

    assertEquals(List.of(onRun, onStep), repository().annotations("run-note"));
    assertTrue(repository().annotations("other-run").isEmpty());
  }

  private void start(String runId, Instant at) {
    startInSuite(runId, at, null);
  }

  private void startInSuite(String runId, Instant at, String suiteRunId) {
    RunSpec spec =
        new RunSpec("task " + runId, null, suiteRunId, 1, "m", "p", "chat", null, null, null, null);
    sink().record(new TraceEvent(runId + "-e0", runId, null, 0, at, null, new RunStarted(spec)));
  }

  private void finish(String runId, RunStatus status) {
    RunFinished finished = new RunFinished(status, "done", "it ended", 1, Usage.ZERO, null, null);
    sink()
        .record(new TraceEvent(runId + "-e1", runId, null, 1, T0.plusSeconds(99), null, finished));
  }

  private static List<String> ids(List<Run> runs) {
    return runs.stream().map(Run::id).toList();
  }
}
