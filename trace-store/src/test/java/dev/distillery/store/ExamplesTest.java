package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.ExampleQuery;
import dev.distillery.trace.ExampleQuery.Scope;
import dev.distillery.trace.ExampleRun;
import dev.distillery.trace.Ids;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which finished runs may teach a new one, on a real store whose labels are known. */
class ExamplesTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  @TempDir Path dir;
  DuckDbTraceStore store;

  @BeforeEach
  void open() {
    store = DuckDbTraceStore.open(dir.resolve("t.duckdb"));
    // task "csv": count the rows of a csv file
    finished("csv-pass", "csv", "count the rows of data.csv with a shell command", 1, PASS);
    finished("csv-fail", "csv", "count the rows of data.csv with a shell command", 2, FAIL);
    // the check passed, but a person says it was wrong: the person wins
    finished("csv-overruled", "csv", "count the rows of data.csv with a shell command", 3, PASS);
    label("csv-overruled", "ann", "incorrect", "counted the header too");
    // the check failed, but a person says it was right
    finished("json-rescued", "json", "count the keys of data.json with a shell command", 4, FAIL);
    label("json-rescued", "ann", "correct", "");
    // two people disagree: disputed runs teach nothing
    finished("json-disputed", "json", "count the keys of data.json with a shell command", 5, PASS);
    label("json-disputed", "ann", "correct", "");
    label("json-disputed", "bob", "incorrect", "");
    // unrelated words, passing
    finished("poem", "poem", "write a haiku about autumn leaves", 6, PASS);
    // no check, no label: nothing known
    finished("unknown", "csv", "count the rows of data.csv with a shell command", 7, null);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void should_offer_correct_runs_only_the_same_task_first_and_never_a_wrong_or_disputed_one() {
    List<ExampleRun> found =
        store.examples(
            new ExampleQuery(
                "count the rows of data.csv with a shell command",
                "csv",
                Scope.ALL,
                false,
                10,
                null));
    assertEquals(List.of("csv-pass", "json-rescued"), ids(found));
    assertTrue(found.get(0).sameTask());
    assertEquals("check", found.get(0).labelledBy());
    assertEquals("people", found.get(1).labelledBy());
    assertTrue(found.get(1).score() > 0 && found.get(1).score() < 1, "" + found.get(1).score());
  }

  @Test
  void should_show_a_task_none_of_its_own_runs_in_the_other_tasks_scope() {
    List<ExampleRun> found =
        store.examples(
            new ExampleQuery(
                "count the rows of data.csv with a shell command",
                "csv",
                Scope.OTHER_TASKS,
                true,
                10,
                null));
    assertEquals(List.of("json-rescued"), ids(found));
    assertTrue(found.stream().noneMatch(run -> "csv".equals(run.taskId())));
  }

  @Test
  void should_add_wrong_runs_with_their_notes_only_when_asked_and_keep_to_the_limit() {
    List<ExampleRun> found =
        store.examples(
            new ExampleQuery(
                "count the rows of data.csv with a shell command",
                "csv",
                Scope.SAME_TASK,
                true,
                10,
                null));
    assertEquals(List.of("csv-overruled", "csv-fail", "csv-pass"), ids(found));
    assertEquals("counted the header too", found.get(0).note());
    assertEquals("incorrect", found.get(0).label());
    assertEquals(
        1,
        store
            .examples(
                new ExampleQuery(
                    "count the rows of data.csv with a shell command",
                    "csv",
                    Scope.SAME_TASK,
                    true,
                    1,
                    null))
            .size());
  }

  @Test
  void should_see_only_runs_that_ended_before_a_rounds_start() {
    Instant roundStart = T0.plus(Duration.ofMinutes(2));
    List<ExampleRun> found =
        store.examples(
            new ExampleQuery(
                "count the keys of data.json", "json", Scope.ALL, true, 10, roundStart));
    assertEquals(List.of("csv-fail", "csv-pass"), ids(found));
  }

  @Test
  void should_match_an_ad_hoc_prompt_by_its_words_and_find_nothing_unrelated() {
    assertEquals(
        List.of("csv-pass", "json-rescued"),
        ids(
            store.examples(
                new ExampleQuery("how many rows has data.csv?", null, Scope.ALL, false, 5, null))));
    assertEquals(
        List.of(),
        store.examples(
            new ExampleQuery("translate hello into French", null, Scope.ALL, false, 5, null)));
  }

  private static final CheckStatus PASS = CheckStatus.PASS;
  private static final CheckStatus FAIL = CheckStatus.FAIL;

  private static List<String> ids(List<ExampleRun> runs) {
    return runs.stream().map(ExampleRun::runId).toList();
  }

  private void finished(String id, String task, String prompt, int minute, CheckStatus check) {
    Instant start = T0.plus(Duration.ofMinutes(minute)).minusSeconds(30);
    SampleRuns.Recorder run = new SampleRuns.Recorder(id, start);
    run.add(
        new EventPayload.RunStarted(
            new RunSpec(prompt, task, "s1", 1, "m", "p", "tools", "/w", null, null, "{}")));
    CheckResult result = check == null ? null : new CheckResult(check, "true", 0, "", 5);
    if (result != null) {
      run.add(new EventPayload.CheckFinished(result));
    }
    run.add(
        new EventPayload.RunFinished(
            RunStatus.SUCCEEDED, "answered", "done", 1, Usage.ZERO, null, result));
    store.recordAll(run.events());
  }

  private void label(String runId, String author, String label, String comment) {
    store.annotate(
        new Annotation(
            Ids.newId(), runId, null, author, label, List.of(), comment, T0.plusSeconds(3600)));
  }
}
