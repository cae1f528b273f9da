package dev.distillery.store;

import static dev.distillery.trace.SampleRuns.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.Judgement;
import dev.distillery.trace.QueryTable;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgementsStoreTest {
  @TempDir Path dir;
  private DuckDbTraceStore store;

  @BeforeEach
  void openStore() {
    store = DuckDbTraceStore.open(dir.resolve("traces.duckdb"));
    SampleRuns.fullRun("run-a", T0).forEach(store::record);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static Judgement judgement(String id, String label, String error, String annotation) {
    return new Judgement(
        id,
        "run-a",
        "judge:gpt-x",
        "gpt-x",
        "h1",
        label,
        label == null ? List.of() : List.of("looped"),
        label == null ? null : "It looped.",
        null,
        error,
        "{\"model\":\"gpt-x\"}",
        error == null ? "{\"finish_reason\":\"tool_calls\"}" : null,
        new Usage(120, 30),
        0.0015,
        1,
        annotation,
        T0);
  }

  @Test
  void should_keep_a_verdict_with_its_annotation_and_a_failure_without_one() {
    Annotation verdict =
        new Annotation(
            "an-1", "run-a", null, "judge:gpt-x", "incorrect", List.of("looped"), "It looped.", T0);
    store.recordJudgement(judgement("j1", "incorrect", null, "an-1"), verdict);
    store.recordJudgement(judgement("j2", null, "malformed verdict: no label", null), null);

    List<Judgement> kept = store.judgements("run-a");
    assertEquals(List.of("j1", "j2"), kept.stream().map(Judgement::id).toList());
    assertEquals(judgement("j1", "incorrect", null, "an-1"), kept.get(0));
    assertNull(kept.get(1).label());
    assertEquals(List.of(verdict), store.annotations("run-a"), "the failure labels nothing");
    assertEquals(Set.of("run-a"), store.gradedRuns("judge:gpt-x", "h1"));
    assertEquals(Set.of(), store.gradedRuns("judge:gpt-x", "other-rubric"));
    assertEquals(List.of("looped"), store.annotationTags());
  }

  @Test
  void should_keep_neither_the_judgement_nor_its_annotation_when_one_of_them_fails() {
    Annotation first =
        new Annotation("an-1", "run-a", null, "judge:gpt-x", "correct", List.of(), "ok", T0);
    store.annotate(first);

    // the same annotation id again: the annotation fails, so the judgement must not stay
    assertThrows(
        StoreException.class,
        () -> store.recordJudgement(judgement("j1", "correct", null, "an-1"), first));

    assertEquals(List.of(), store.judgements("run-a"));
    assertEquals(Set.of(), store.gradedRuns("judge:gpt-x", "h1"));
  }

  @Test
  void should_answer_sql_over_the_judgements_and_their_latest_view() {
    store.recordJudgement(judgement("j1", null, "HTTP 500", null), null);
    store.recordJudgement(
        judgement("j2", "correct", null, "an-2"),
        new Annotation("an-2", "run-a", null, "judge:gpt-x", "correct", List.of(), "ok", T0));

    store.close();
    store = DuckDbTraceStore.openReadOnlyForQueries(dir.resolve("traces.duckdb"));

    QueryTable table =
        store.query(
            "SELECT count(*) AS n, sum(prompt_tokens) AS tokens, max(request->>'model') AS m"
                + " FROM judgements",
            10);
    assertEquals(List.of(2L, java.math.BigInteger.valueOf(240), "gpt-x"), table.rows().get(0));
    assertEquals(
        List.of(List.of("correct")),
        store.query("SELECT label FROM latest_judgements", 10).rows(),
        "the latest grading of the run by this judge under this rubric");
  }
}
