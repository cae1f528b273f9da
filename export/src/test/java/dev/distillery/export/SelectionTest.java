package dev.distillery.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.export.select.Labels;
import dev.distillery.export.select.RunLabel;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionTest {
  private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path out;

  @Test
  void should_take_each_authors_latest_label() {
    RunLabel label =
        Labels.resolve(
            run(null),
            List.of(
                note("1", "ann", "incorrect", 0),
                note("2", "ann", "correct", 5),
                note("3", "bob", "correct", 1)),
            false,
            false);

    assertEquals(new RunLabel("correct", RunLabel.Source.HUMAN, List.of("ann", "bob")), label);
  }

  @Test
  void should_drop_an_authors_label_once_withdrawn_and_fall_back_to_the_check() {
    List<Annotation> withdrawn =
        List.of(
            note("1", "ann", "incorrect", 0),
            note("2", "bob", "correct", 1),
            note("3", "ann", Annotation.WITHDRAWN, 2));
    List<Annotation> allWithdrawn = List.of(note("1", "ann", "incorrect", 0), withdrawn.get(2));

    assertEquals(
        new RunLabel("correct", RunLabel.Source.HUMAN, List.of("bob")),
        Labels.resolve(run(null), withdrawn, false, false));
    assertEquals(
        new RunLabel("correct", RunLabel.Source.CHECK, List.of()),
        Labels.resolve(run(CheckStatus.PASS), allWithdrawn, true, false));
    assertEquals(
        "incorrect",
        Labels.resolve(
                run(null),
                List.of(withdrawn.get(2), note("4", "ann", "incorrect", 3)),
                false,
                false)
            .value(),
        "a label given after a withdrawal counts again");
  }

  @Test
  void should_not_let_a_comment_without_a_label_supersede_a_label() {
    Annotation comment =
        new Annotation("2", "r", null, "ann", null, List.of("slow"), "took long", T.plusSeconds(9));

    RunLabel label =
        Labels.resolve(run(null), List.of(note("1", "ann", "incorrect", 0), comment), false, false);

    assertEquals("incorrect", label.value());
  }

  @Test
  void should_ignore_labels_on_single_steps() {
    Annotation step = new Annotation("1", "r", "event-3", "ann", "incorrect", List.of(), null, T);

    assertEquals(
        RunLabel.Source.NONE, Labels.resolve(run(null), List.of(step), false, false).source());
  }

  @Test
  void should_skip_disagreements_unless_a_majority_is_asked_for_and_there_is_one() {
    List<Annotation> twoToOne =
        List.of(
            note("1", "ann", "correct", 0),
            note("2", "bob", "correct", 0),
            note("3", "cy", "incorrect", 0));
    List<Annotation> tie =
        List.of(note("1", "ann", "correct", 0), note("2", "bob", "incorrect", 0));

    assertTrue(Labels.resolve(run(null), twoToOne, false, false).disputed());
    assertEquals("correct", Labels.resolve(run(null), twoToOne, false, true).value());
    assertTrue(Labels.resolve(run(null), tie, false, true).disputed(), "a tie stays disputed");
  }

  @Test
  void should_use_the_check_only_when_asked_and_only_without_a_human_label() {
    assertEquals("correct", Labels.resolve(run(CheckStatus.PASS), List.of(), true, false).value());
    assertEquals(
        "incorrect", Labels.resolve(run(CheckStatus.FAIL), List.of(), true, false).value());
    assertEquals(null, Labels.resolve(run(CheckStatus.ERROR), List.of(), true, false).value());
    assertEquals(null, Labels.resolve(run(CheckStatus.PASS), List.of(), false, false).value());
    assertEquals(
        "incorrect",
        Labels.resolve(
                run(CheckStatus.PASS), List.of(note("1", "ann", "incorrect", 0)), true, false)
            .value(),
        "people outrank the check");
  }

  @Test
  void should_take_the_majority_label_of_a_disputed_run_when_asked() throws Exception {
    Fixture fixture = new Fixture();
    ExportSummary summary =
        Exports.export(
            fixture,
            Exports.options(ExportFormat.TRL_SFT, out)
                .conflicts(ExportOptions.Conflicts.MAJORITY)
                .build());

    assertEquals(Map.of("train", 4L), summary.rows(), "t6 joins by two votes to one");
    assertEquals(1L, summary.leftOut().get("disputed"), "t3 is a tie");
  }

  @Test
  void should_narrow_raw_to_one_label_and_let_sft_take_incorrect_runs_when_told() throws Exception {
    Fixture fixture = new Fixture();
    Exports.export(fixture, Exports.options(ExportFormat.RAW, out).label("incorrect").build());
    List<JsonNode> incorrect = Exports.rows(out.resolve("train.jsonl"));
    Path sft = out.resolve("sft");
    ExportSummary all =
        Exports.export(
            fixture,
            Exports.options(ExportFormat.TRL_SFT, sft).includeIncorrectInSft(true).build());

    assertEquals(1, incorrect.size());
    assertEquals("run-02", incorrect.get(0).path("run_id").asText());
    assertEquals(Map.of("correct", 3L, "incorrect", 1L), all.rowsByLabel().get("train"));
  }

  private static Run run(CheckStatus check) {
    return new Run(
        "r",
        RunSpec.adHoc("p", "m", "scripted", "agent", "/w"),
        RunStatus.SUCCEEDED,
        "answered",
        "answered.",
        T,
        T,
        1,
        null,
        null,
        check == null ? null : new CheckResult(check, "true", 0, "", 1));
  }

  private static Annotation note(String id, String author, String label, int hour) {
    return new Annotation(
        id, "r", null, author, label, List.of(), null, T.plusSeconds(3600L * hour));
  }
}
