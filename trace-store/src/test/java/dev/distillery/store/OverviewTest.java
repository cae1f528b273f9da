package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.LabelSource;
import dev.distillery.trace.Overview;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overview's figures over a store whose counts are known by construction. */
class OverviewTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String JUDGE = LabelSource.judgeAuthor("gpt-judge");

  @TempDir Path dir;
  private Path file;

  /**
   * t1: pass, fail, pass over two rounds; t2: fail, fail (people say incorrect, disputed); t3. A
   * model judge says r1 correct, r4 and r5 incorrect, r6 correct; two judges differ on r2.
   */
  @BeforeEach
  void fill() {
    file = dir.resolve("overview.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      run(store, "r1", "t1", 1, "m1", "{\"suite\":\"a.yaml\",\"round\":1}", CheckStatus.PASS, T0);
      run(store, "r2", "t1", 2, "m1", "{\"suite\":\"a.yaml\",\"round\":1}", CheckStatus.FAIL, T0);
      run(store, "r3", "t1", 3, "m1", "{\"suite\":\"a.yaml\",\"round\":2}", CheckStatus.PASS, T0);
      run(store, "r4", "t2", 1, "m2", "{\"suite\":\"b.yaml\"}", CheckStatus.FAIL, T0);
      run(store, "r5", "t2", 2, "m2", "{\"suite\":\"b.yaml\"}", CheckStatus.FAIL, T0);
      run(store, "r6", "t3", 1, "m1", "{}", null, T0.plusSeconds(86_400));
      label(store, "a1", "r1", "ann", "correct", List.of());
      label(store, "a2", "r4", "ann", "incorrect", List.of("loops", "wrong tool"));
      label(store, "a3", "r5", "ann", "correct", List.of());
      label(store, "a4", "r5", "bob", "incorrect", List.of("loops"));
      label(store, "j1", "r1", JUDGE, "correct", List.of());
      label(store, "j2", "r4", JUDGE, "incorrect", List.of());
      label(store, "j3", "r5", JUDGE, "incorrect", List.of());
      label(store, "j4", "r6", JUDGE, "correct", List.of());
      label(store, "j5", "r2", JUDGE, "incorrect", List.of());
      label(store, "j6", "r2", LabelSource.judgeAuthor("other-model"), "correct", List.of());
    }
  }

  private static void run(
      DuckDbTraceStore store,
      String id,
      String task,
      int attempt,
      String model,
      String metadata,
      CheckStatus check,
      Instant at) {
    RunSpec spec =
        new RunSpec(
            "do " + task,
            task,
            task.equals("t2") ? "s-2" : "s-1",
            attempt,
            model,
            "scripted",
            "agent",
            "/w",
            null,
            null,
            metadata);
    CheckResult result =
        check == null
            ? null
            : new CheckResult(check, "make test", check == CheckStatus.PASS ? 0 : 2, "", 10);
    store.record(
        new TraceEvent(Ids.newId(), id, null, 0, at, null, new EventPayload.RunStarted(spec)));
    if (result != null) {
      store.record(
          new TraceEvent(
              Ids.newId(),
              id,
              null,
              1,
              at.plusSeconds(1),
              5L,
              new EventPayload.CheckFinished(result)));
    }
    store.record(
        new TraceEvent(
            Ids.newId(),
            id,
            null,
            2,
            at.plusSeconds(attempt * 10L),
            null,
            new EventPayload.RunFinished(
                RunStatus.SUCCEEDED, "answered", "done", attempt, Usage.ZERO, null, result)));
  }

  private static void label(
      DuckDbTraceStore store,
      String id,
      String run,
      String author,
      String label,
      List<String> tags) {
    store.annotate(new Annotation(id, run, null, author, label, tags, null, T0));
  }

  private Overview overview(Overview.Filter filter) {
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(file)) {
      return store.overview(filter);
    }
  }

  @Test
  void should_count_attempts_passes_and_people_labels_per_task_when_unfiltered() {
    Overview overview = overview(Overview.Filter.ALL);
    assertEquals(6, overview.runs());
    assertEquals(
        List.of(
            new Overview.TaskFigures(
                "t1",
                3,
                3,
                2,
                0.6667,
                1.0,
                new Overview.LabelCounts(2, 1, 0, 0),
                new Overview.LabelCounts(1, 1, 0, 1)),
            new Overview.TaskFigures(
                "t2",
                2,
                2,
                0,
                0.0,
                0.0,
                new Overview.LabelCounts(0, 0, 1, 1),
                new Overview.LabelCounts(0, 0, 2, 0)),
            new Overview.TaskFigures(
                "t3",
                1,
                0,
                0,
                null,
                null,
                new Overview.LabelCounts(1, 0, 0, 0),
                new Overview.LabelCounts(0, 1, 0, 0))),
        overview.tasks());
  }

  @Test
  void should_give_the_same_pass_rates_as_the_task_stats_view_when_unfiltered() {
    StringBuilder figures = new StringBuilder();
    for (Overview.TaskFigures task : overview(Overview.Filter.ALL).tasks()) {
      figures.append(
          String.join(
              ",",
              task.taskId(),
              "" + task.attempts(),
              "" + task.graded(),
              "" + task.passes(),
              "" + task.passAt1(),
              "" + task.passAtK()));
      figures.append('\n');
    }
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file)) {
      StringBuilder view = new StringBuilder();
      for (List<Object> row :
          store
              .query(
                  "select task_id, attempts, graded, passes, pass_at_1::DOUBLE,"
                      + " pass_at_k::DOUBLE from task_stats order by task_id",
                  100)
              .rows()) {
        view.append(String.join(",", row.stream().map(String::valueOf).toList())).append('\n');
      }
      assertEquals(view.toString(), figures.toString());
    }
  }

  @Test
  void should_split_label_coverage_by_people_judge_and_check() {
    assertEquals(
        List.of(
            new Overview.Coverage("people", new Overview.LabelCounts(3, 1, 1, 1)),
            new Overview.Coverage("judge", new Overview.LabelCounts(1, 2, 2, 1)),
            new Overview.Coverage("check", new Overview.LabelCounts(1, 2, 3, 0))),
        overview(Overview.Filter.ALL).coverage());
  }

  @Test
  void should_measure_the_judge_against_people_on_the_runs_both_agree_on_a_label() {
    // only r1 (both correct) and r4 (both incorrect): r5 is disputed by people, r2 by judges
    assertEquals(
        new Overview.Agreement(2, 1, 0, 0, 1, 1.0, 1.0),
        overview(Overview.Filter.ALL).judgeAgreement());
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      label(store, "a5", "r6", "cy", "incorrect", List.of());
    }
    // r6: people incorrect, judge correct. p_o = 2/3, p_e = 1/3·2/3 + 2/3·1/3 = 4/9, κ = 0.4
    assertEquals(
        new Overview.Agreement(3, 1, 0, 1, 1, 0.6667, 0.4),
        overview(Overview.Filter.ALL).judgeAgreement());
    assertEquals(
        new Overview.Agreement(0, 0, 0, 0, 0, null, null),
        overview(new Overview.Filter(null, "t3", null, null, LocalDate.parse("2026-11-01")))
            .judgeAgreement());
  }

  @Test
  void should_count_failure_tags_signatures_days_and_rounds() {
    Overview overview = overview(Overview.Filter.ALL);
    assertEquals(
        List.of(new Overview.Count("loops", 2), new Overview.Count("wrong tool", 1)),
        overview.failureTags());
    assertEquals(1, overview.signatures().size());
    Overview.Signature check = overview.signatures().get(0);
    assertEquals(
        "check `make test` exited <n>/check/3/3",
        check.signature() + "/" + check.source() + "/" + check.occurrences() + "/" + check.runs());
    assertEquals(
        List.of(new Overview.Count("2026-11-01", 5), new Overview.Count("2026-11-02", 1)),
        overview.runsPerDay());
    assertEquals(
        List.of(new Overview.Round(1, 2, 1, 0.5), new Overview.Round(2, 1, 1, 1.0)),
        overview.rounds());
  }

  @Test
  void should_bucket_turns_tokens_and_wall_time_per_run_and_leave_unknown_costs_out() {
    Overview overview = overview(Overview.Filter.ALL);
    Overview.Histogram turns = overview.distributions().get(0);
    assertEquals("turns", turns.name());
    assertEquals(
        List.of(
            new Overview.Bucket(1, 2, 3),
            new Overview.Bucket(2, 3, 2),
            new Overview.Bucket(3, 4, 1)),
        turns.buckets());
    Overview.Histogram wall = overview.distributions().get(3);
    assertEquals(10, wall.buckets().size());
    assertEquals(new Overview.Bucket(10, 12, 3), wall.buckets().get(0));
    assertEquals(new Overview.Bucket(28, 30, 1), wall.buckets().get(9));
    assertEquals(List.of(new Overview.Bucket(0, 1, 6)), overview.distributions().get(1).buckets());
    assertEquals(List.of(), overview.distributions().get(2).buckets());
  }

  @Test
  void should_count_what_each_export_family_would_hold_and_leave_out() {
    List<Overview.ExportCount> export = overview(Overview.Filter.ALL).export();
    assertEquals(
        new Overview.ExportCount(
            "openai, trl-sft, sharegpt",
            2,
            List.of(
                new Overview.Count("unlabelled", 1),
                new Overview.Count("not correct (SFT takes correct runs)", 2),
                new Overview.Count("disputed", 1),
                new Overview.Count("truncated or empty answer", 0))),
        export.get(0));
    assertEquals(4, export.get(1).runs());
    assertEquals(6, export.get(2).runs());
  }

  @Test
  void should_count_only_the_runs_of_a_model_or_a_date_range_when_filtered() {
    Overview m2 = overview(new Overview.Filter(null, null, "m2", null, null));
    assertEquals(2, m2.runs());
    assertEquals(List.of("t2"), m2.tasks().stream().map(Overview.TaskFigures::taskId).toList());
    assertEquals(
        List.of(new Overview.Count("loops", 2), new Overview.Count("wrong tool", 1)),
        m2.failureTags());
    assertEquals(2, m2.signatures().get(0).occurrences());
    Overview b = overview(new Overview.Filter("b.yaml", null, null, null, null));
    assertEquals(List.of("t2"), b.tasks().stream().map(Overview.TaskFigures::taskId).toList());
    assertEquals(2, b.runs());
    Overview late =
        overview(new Overview.Filter(null, null, null, LocalDate.parse("2026-11-02"), null));
    assertEquals(1, late.runs());
    Overview early =
        overview(new Overview.Filter(null, "t1", null, null, LocalDate.parse("2026-11-01")));
    assertEquals(3, early.runs());
    assertEquals(List.of(), early.failureTags());
  }
}
