package dev.distillery.trace;

import static dev.distillery.trace.SampleRuns.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventPayload.ModelRequest;
import dev.distillery.trace.EventPayload.RunFinished;
import dev.distillery.trace.EventPayload.RunStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TraceRepository} must do, whatever keeps the data. A subclass supplies a fresh,
 * empty repository and the sink that writes into it.
 */
public abstract class TraceRepositoryContract {
  /** The repository under test, empty at the start of each test. */
  protected abstract TraceRepository repository();

  /** Where events are recorded so that {@link #repository()} reads them. */
  protected abstract TraceSink sink();

  private void recordOneByOne(List<TraceEvent> events) {
    events.forEach(sink()::record);
  }

  @Test
  public void should_read_back_a_recorded_run_field_by_field() {
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
  public void should_rebuild_exactly_the_messages_each_request_sent() {
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
  public void should_count_the_recorded_runs_in_its_overview_or_say_that_it_cannot() {
    recordOneByOne(SampleRuns.fullRun("run-ov-1", T0));
    recordOneByOne(SampleRuns.fullRun("run-ov-2", T0.plusSeconds(60)));
    repository()
        .annotate(
            new Annotation("an-ov", "run-ov-1", null, "ann", "correct", List.of("neat"), null, T0));
    Overview overview;
    try {
      overview = repository().overview(Overview.Filter.ALL);
    } catch (DistilleryException e) {
      assertEquals(TraceRepository.NO_OVERVIEW, e.getMessage());
      return;
    }
    assertEquals(2, overview.runs());
    assertEquals(
        List.of(
            new Overview.Coverage("people", new Overview.LabelCounts(1, 1, 0, 0)),
            new Overview.Coverage("judge", new Overview.LabelCounts(2, 0, 0, 0)),
            new Overview.Coverage("check", new Overview.LabelCounts(0, 2, 0, 0))),
        overview.coverage());
    assertEquals(List.of(new Overview.Count("neat", 1)), overview.failureTags());
    // both runs are attempt 2 of one task in one suite run: the later one counts
    assertEquals(
        List.of(
            new Overview.TaskFigures(
                "count-files",
                1,
                1,
                1,
                1.0,
                1.0,
                new Overview.LabelCounts(1, 0, 0, 0),
                new Overview.LabelCounts(1, 0, 0, 0))),
        overview.tasks());
  }

  @Test
  public void should_read_the_same_run_when_it_was_recorded_in_bulk() {
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
  public void should_show_a_started_run_as_running_until_it_finishes() {
    recordOneByOne(SampleRuns.fullRun("run-live", T0).subList(0, 3));

    Run run = repository().run("run-live").orElseThrow();
    assertEquals(RunStatus.RUNNING, run.status());
    assertNull(run.outcome());
    assertNull(run.endedAt());
    assertNull(run.check());
    assertEquals(Usage.ZERO, run.usage());
  }

  @Test
  public void should_find_a_run_by_a_unique_prefix_of_its_id() {
    start("01abc111", T0);
    start("01abd222", T0.plusSeconds(1));

    assertEquals("01abc111", repository().run("01abc").orElseThrow().id());
    assertEquals("01abd222", repository().run("01abd2").orElseThrow().id());
    assertTrue(repository().run("01abe").isEmpty());
    assertTrue(repository().run("").isEmpty());
  }

  @Test
  public void should_refuse_a_prefix_that_names_several_runs() {
    start("01abc111", T0);
    start("01abd222", T0.plusSeconds(1));

    AmbiguousRunIdException error =
        assertThrows(AmbiguousRunIdException.class, () -> repository().run("01ab"));
    assertTrue(error.getMessage().contains("01abc111"), error.getMessage());
    assertTrue(error.getMessage().contains("01abd222"), error.getMessage());
  }

  @Test
  public void should_prefer_an_exact_id_over_longer_ids_it_prefixes() {
    start("run-7", T0);
    start("run-77", T0.plusSeconds(1));

    assertEquals("run-7", repository().run("run-7").orElseThrow().id());
  }

  @Test
  public void should_take_like_wildcards_in_a_prefix_literally() {
    start("ab_1", T0);
    start("abx2", T0.plusSeconds(1));

    assertTrue(repository().run("%").isEmpty());
    assertEquals("ab_1", repository().run("ab_").orElseThrow().id());
    assertTrue(repository().run("a%").isEmpty());
  }

  @Test
  public void should_list_runs_newest_first_and_filter_them() {
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
  public void should_keep_annotations_with_tags_and_without_an_event() {
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

  /** A full run with this task, prompt, suite and model, started at {@code start}. */
  private void recordRun(
      String runId, String taskId, String prompt, String suite, String model, Instant start) {
    List<TraceEvent> events = new ArrayList<>(SampleRuns.fullRun(runId, start));
    TraceEvent first = events.get(0);
    RunSpec spec =
        new RunSpec(prompt, taskId, suite, 1, model, "p", "tools", null, null, null, null);
    events.set(
        0,
        new TraceEvent(
            first.id(),
            runId,
            first.parentId(),
            first.seq(),
            first.timestamp(),
            first.durationMs(),
            new RunStarted(spec)));
    sink().recordAll(events);
  }

  /** Six runs: two tasks, one asked with two prompts, ad-hoc prompts, two suites, two models. */
  private List<String> recordSixRuns() {
    recordRun("run-f", "task-b", "Fix it.", "s1", "m1", T0.plusSeconds(50));
    recordRun("run-e", "task-a", "Build it.", "s1", "m2", T0.plusSeconds(40));
    recordRun("run-d", "task-a", "Build it now.", "s2", "m1", T0.plusSeconds(30));
    recordRun("run-c", null, "What is here?", null, "m1", T0.plusSeconds(20));
    recordRun("run-b", "task-a", "Build it.", "s1", "m1", T0.plusSeconds(60));
    recordRun("run-a", null, "What is here?", null, "m2", T0.plusSeconds(10));
    repository()
        .annotate(
            new Annotation(
                "n1", "run-b", null, "ana", "correct", List.of(), null, T0.plusSeconds(99)));
    return List.of("run-a", "run-b", "run-c", "run-d", "run-e", "run-f");
  }

  private List<RunTrace> traces(RunQuery query) {
    try (Stream<RunTrace> traces = repository().traces(query)) {
      return traces.toList();
    }
  }

  /** The runs a query must give, in its order, from the repository's one-by-one answers. */
  private List<String> expected(List<String> ids, RunQuery query) {
    return ids.stream()
        .map(id -> repository().run(id).orElseThrow())
        .filter(query::matches)
        .sorted(query.order().comparator())
        .map(Run::id)
        .toList();
  }

  @Test
  public void should_stream_whole_runs_in_task_key_order_as_read_one_by_one() {
    List<String> ids = recordSixRuns();

    List<RunTrace> traces = traces(RunQuery.all());

    assertEquals(expected(ids, RunQuery.all()), ids(traces.stream().map(RunTrace::run).toList()));
    for (RunTrace trace : traces) {
      String id = trace.run().id();
      assertEquals(repository().run(id).orElseThrow(), trace.run());
      assertEquals(repository().events(id), trace.events());
      assertEquals(repository().messages(id), trace.messages());
      assertEquals(repository().annotations(id), trace.annotations());
    }
    assertEquals(6, repository().count(RunQuery.all()));
  }

  @Test
  public void should_stream_only_the_runs_a_query_selects_in_its_order() {
    List<String> ids = recordSixRuns();
    List<RunQuery> queries =
        List.of(
            RunQuery.builder().suiteRunId("s1").build(),
            RunQuery.builder().taskId("task-a").build(),
            RunQuery.builder().model("m1").order(RunQuery.Order.STARTED).build(),
            RunQuery.builder().since(T0.plusSeconds(30)).build(),
            RunQuery.builder().suiteRunId("s1").model("m1").since(T0.plusSeconds(55)).build(),
            RunQuery.builder().suiteRunId("none").build());
    for (RunQuery query : queries) {
      List<String> got = ids(traces(query).stream().map(RunTrace::run).toList());
      assertEquals(expected(ids, query), got, query.toString());
      assertEquals(got.size(), repository().count(query), query.toString());
    }
    assertEquals(
        List.of("run-a", "run-c", "run-d", "run-e", "run-f", "run-b"),
        ids(
            traces(RunQuery.builder().order(RunQuery.Order.STARTED).build()).stream()
                .map(RunTrace::run)
                .toList()));
  }

  @Test
  public void should_give_at_least_the_last_exchange_and_the_whole_log_of_a_conversation() {
    recordSixRuns();
    RunQuery conversation =
        RunQuery.builder()
            .reading(RunQuery.Reading.CONVERSATION)
            .content(RunQuery.Content.humanLabelled())
            .build();

    for (RunTrace trace : traces(conversation)) {
      if (!trace.run().id().equals("run-b")) {
        continue; // the content filter admits the labelled run alone
      }
      List<TraceEvent> all = repository().events("run-b");
      assertTrue(all.containsAll(trace.events()), "events the run has");
      for (EventKind kind : List.of(EventKind.MODEL_REQUEST, EventKind.MODEL_RESPONSE)) {
        TraceEvent last = null;
        for (TraceEvent event : all) {
          last = event.kind() == kind ? event : last;
        }
        assertTrue(trace.events().contains(last), "the last " + kind);
      }
      assertEquals(repository().messages("run-b"), trace.messages());
      return;
    }
    throw new AssertionError("run-b was not streamed");
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
