package dev.distillery.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.distillery.trace.Agreement.RatedRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgreementTest {
  private static final Rater ALICE = Rater.parse("alice");
  private static final Rater BOB = Rater.parse("bob");
  private static final Rater JUDGE = Rater.parse("judge:m");

  /** The textbook case: 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no gives κ = 0.4. */
  @Test
  void should_give_the_textbook_kappa_for_the_textbook_table() {
    Agreement.Matrix matrix = new Agreement.Matrix(20, 5, 10, 15);
    assertEquals(0.4, matrix.kappa(), 1e-9);
    assertEquals(35, matrix.agreements());
  }

  /**
   * alice against the judge, by hand. Both labelled r1..r7 (r8 alice alone):
   *
   * <pre>
   *              judge correct  judge incorrect
   * alice correct      3 (r1-r3)     1 (r4)
   * alice incorrect    1 (r7)        2 (r5, r6)
   * </pre>
   *
   * raw = 5/7; p_e = (4/7)(4/7) + (3/7)(3/7) = 25/49; κ = (35/49 − 25/49) / (24/49) = 10/24.
   */
  @Test
  void should_match_the_hand_computed_matrix_raw_agreement_and_kappa() {
    List<RatedRun> runs = new ArrayList<>();
    String[][] rows = {
      {"correct", "correct"},
      {"correct", "correct"},
      {"correct", "correct"},
      {"correct", "incorrect"},
      {"incorrect", "incorrect"},
      {"incorrect", "incorrect"},
      {"incorrect", "correct"},
      {"incorrect", null}
    };
    for (int i = 0; i < rows.length; i++) {
      runs.add(rated("r" + (i + 1), null, "alice", rows[i][0], "judge:m", rows[i][1]));
    }
    Agreement.Result result = Agreement.between(ALICE, JUDGE, runs);
    assertEquals(new Agreement.Matrix(3, 1, 1, 2), result.matrix());
    assertEquals(7, result.runs());
    assertEquals(5.0 / 7, result.raw(), 1e-9);
    assertEquals(10.0 / 24, result.kappa(), 1e-9);
    assertEquals(
        List.of("r4 correct/incorrect", "r7 incorrect/correct"),
        result.disagreements().stream()
            .map(d -> d.run().id() + " " + d.first() + "/" + d.second())
            .toList());
  }

  @Test
  void should_read_the_check_as_a_rater_and_people_together_only_where_they_agree() {
    List<RatedRun> runs =
        List.of(
            rated("r1", CheckStatus.PASS, "alice", "correct", "bob", "correct"),
            rated("r2", CheckStatus.FAIL, "alice", "correct", "bob", "incorrect"),
            rated("r3", CheckStatus.FAIL, "alice", "incorrect", "judge:m", "correct"),
            rated("r4", CheckStatus.ERROR, "alice", "incorrect", "bob", "incorrect"));
    Agreement.Result human = Agreement.between(Rater.PEOPLE, Rater.CHECK, runs);
    // r2 disputed, r4's check erred: r1 agrees, r3 agrees (incorrect/incorrect)
    assertEquals(new Agreement.Matrix(1, 0, 0, 1), human.matrix());
    assertEquals(1.0, human.kappa(), 1e-9);
    assertEquals(List.of(ALICE, BOB, JUDGE, Rater.CHECK), Agreement.present(runs));
    // 6 pairs of the 4, then human against the judge and the check
    assertEquals(8, Agreement.everyPair(runs).size());
    assertEquals(Rater.PEOPLE, Agreement.everyPair(runs).get(7).first());
  }

  @Test
  void should_leave_kappa_undefined_without_shared_runs_or_when_chance_explains_everything() {
    assertNull(new Agreement.Matrix(0, 0, 0, 0).kappa());
    assertNull(new Agreement.Matrix(3, 0, 0, 0).kappa());
    assertNull(Agreement.between(ALICE, BOB, List.of()).raw());
  }

  @Test
  void should_parse_the_source_words_judges_and_people() {
    assertEquals(Rater.Kind.PEOPLE, Rater.parse("human").kind());
    assertEquals(Rater.Kind.JUDGES, Rater.parse(" judge ").kind());
    assertEquals(Rater.Kind.JUDGE, Rater.parse("judge:gpt-4o").kind());
    assertEquals(Rater.Kind.PERSON, Rater.parse("judge-dredd").kind());
    assertEquals(Rater.Kind.CHECK, Rater.parse("check").kind());
  }

  @Test
  void should_count_each_authors_current_label_so_a_withdrawal_leaves_the_run_out() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Run run = run("r1", null);
    List<Annotation> annotations =
        List.of(
            new Annotation("a1", "r1", null, "alice", "correct", null, null, t),
            new Annotation("a2", "r1", null, "judge:m", "correct", null, null, t),
            new Annotation("a3", "r1", null, "judge:m", "incorrect", null, null, t.plusSeconds(1)),
            new Annotation("a4", "r1", null, "bob", "correct", null, null, t),
            new Annotation("a5", "r1", null, "bob", "withdrawn", null, null, t.plusSeconds(2)));
    RatedRun rated = RatedRun.of(run, annotations);
    assertEquals(Map.of("alice", "correct", "judge:m", "incorrect"), rated.labels());
    assertEquals(
        new Agreement.Matrix(0, 1, 0, 0), Agreement.between(ALICE, JUDGE, List.of(rated)).matrix());
    assertEquals(0, Agreement.between(ALICE, BOB, List.of(rated)).runs());
  }

  private static RatedRun rated(String id, CheckStatus check, String... authorLabels) {
    Map<String, String> labels = new java.util.TreeMap<>();
    for (int i = 0; i < authorLabels.length; i += 2) {
      if (authorLabels[i + 1] != null) {
        labels.put(authorLabels[i], authorLabels[i + 1]);
      }
    }
    return new RatedRun(run(id, check), labels);
  }

  private static Run run(String id, CheckStatus check) {
    return new Run(
        id,
        SampleRuns.spec("p"),
        RunStatus.SUCCEEDED,
        "answered",
        "done",
        Instant.parse("2026-01-01T00:00:00Z"),
        null,
        1,
        null,
        null,
        check == null ? null : new CheckResult(check, "true", 0, "", 1));
  }
}
