package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery agreement} over {@link LabelledStore}, its figures worked out by hand.
 *
 * <p>alice against the judge, runs r1..r7 both labelled: 3 correct/correct (r1-r3), 1
 * correct/incorrect (r4, the judge's latest), 1 incorrect/correct (r7), 2 incorrect/incorrect (r5,
 * r6). Raw 5/7 = 71.4%; p_e = (4/7)(4/7) + (3/7)(3/7) = 25/49; κ = (35/49 − 25/49) / (24/49) =
 * 10/24 = 0.417.
 *
 * <p>alice against bob, r1-r6 and r8 (bob withdrew r7): 3 (r1, r2, r4), 1 (r3), 2 (r6, r8), 1 (r5).
 * Raw 4/7 = 57.1%; alice 4/7 correct, bob 5/7: p_e = 20/49 + 6/49 = 26/49; κ = (2/49) / (23/49) =
 * 2/23 = 0.087.
 *
 * <p>people together against the judge: people agree on r1, r2, r4 (correct), r5, r7 (incorrect,
 * alice alone); r3, r6, r8 are disputed. With the judge: 2 (r1, r2), 1 (r4), 1 (r7), 1 (r5). Raw
 * 3/5; p_e = (3/5)² + (2/5)² = 13/25; κ = (2/25) / (12/25) = 1/6 = 0.167.
 *
 * <p>the judge against the check, r1-r7 and r9: 2 (r1, r2), 3 (r3, r7, r9), 1 (r4), 2 (r5, r6). Raw
 * 4/8; judge 5/8 correct, check 3/8: p_e = 15/64 + 15/64 = 30/64; κ = (2/64) / (34/64) = 1/17 =
 * 0.059.
 */
class AgreementCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void make_store() {
    LabelledStore.make(dir.resolve(StoreOption.DEFAULT_FILE));
  }

  private CliHarness.Result cli(String... args) {
    return new CliHarness(dir).run(args);
  }

  @Test
  void should_show_a_pairs_figures_matrix_and_differing_runs_as_worked_out_by_hand() {
    CliHarness.Result result = cli("agreement", "--a", "alice", "--b", "judge:m");
    assertEquals(0, result.exitCode(), result.err());
    List<String> lines = result.out().lines().toList();
    assertEquals(
        "alice vs judge:m: 7 runs both labelled, raw agreement 71.4% (5 of 7),"
            + " Cohen's kappa 0.417",
        lines.get(0));
    assertEquals(
        List.of(
            "                 judge:m correct  judge:m incorrect",
            "---------------  ---------------  -----------------",
            "alice correct    3                1",
            "alice incorrect  1                2"),
        lines.subList(2, 6).stream().map(String::stripTrailing).toList());
    assertEquals("2 runs they label differently:", lines.get(7));
    assertEquals(
        List.of("r7   t7    incorrect  correct", "r4   t4    correct    incorrect"),
        lines.subList(10, 12).stream().map(String::stripTrailing).toList());
  }

  @Test
  void should_give_the_pair_as_json_with_withdrawn_labels_left_out() throws Exception {
    CliHarness.Result result = cli("agreement", "--a", "alice", "--b", "bob", "--json");
    assertEquals(0, result.exitCode(), result.err());
    JsonNode pair = Json.MAPPER.readTree(result.out());
    assertEquals(7, pair.get("runs").asInt());
    assertEquals(4, pair.get("agreements").asInt());
    assertEquals(4.0 / 7, pair.get("raw").asDouble(), 1e-9);
    assertEquals(2.0 / 23, pair.get("kappa").asDouble(), 1e-9);
    assertEquals(
        "{\"correct_correct\":3,\"correct_incorrect\":1,\"incorrect_correct\":2,"
            + "\"incorrect_incorrect\":1}",
        pair.get("matrix").toString());
    List<String> differing = pair.get("disagreements").findValuesAsText("run");
    assertEquals(List.of("r8", "r6", "r3"), differing);
    assertEquals("t3", pair.get("disagreements").get(2).get("task_id").asText());
    assertEquals("correct", pair.get("disagreements").get(2).get("a").asText());
    assertEquals("incorrect", pair.get("disagreements").get(2).get("b").asText());
  }

  @Test
  void should_list_every_pair_of_sources_present_and_people_together_against_judge_and_check()
      throws Exception {
    CliHarness.Result result = cli("agreement", "--json");
    assertEquals(0, result.exitCode(), result.err());
    List<JsonNode> pairs = result.out().lines().map(this::json).toList();
    assertEquals(
        List.of(
            "alice bob",
            "alice judge:m",
            "alice check",
            "bob judge:m",
            "bob check",
            "judge:m check",
            "human judge:m",
            "human check"),
        pairs.stream().map(p -> p.get("a").asText() + " " + p.get("b").asText()).toList());
    JsonNode human = pairs.get(6);
    assertEquals(5, human.get("runs").asInt());
    assertEquals(1.0 / 6, human.get("kappa").asDouble(), 1e-9);
    JsonNode check = pairs.get(5);
    assertEquals(8, check.get("runs").asInt());
    assertEquals(1.0 / 17, check.get("kappa").asDouble(), 1e-9);

    String table = cli("agreement").out();
    assertTrue(table.contains("alice    judge:m  7     5      71.4%   0.417"), table);
    assertTrue(table.contains("human    judge:m  5     3      60.0%   0.167"), table);
  }

  @Test
  void should_compare_only_the_runs_the_filters_select() throws Exception {
    CliHarness.Result result =
        cli("agreement", "--a", "human", "--b", "judge", "--task", "t4", "--json");
    assertEquals(0, result.exitCode(), result.err());
    JsonNode pair = json(result.out());
    assertEquals(1, pair.get("runs").asInt());
    assertEquals("r4", pair.get("disagreements").get(0).get("run").asText());
    // one run, people correct and the judge incorrect: p_o = 0, p_e = 1·0 + 0·1 = 0, κ = 0
    assertEquals(0.0, pair.get("kappa").asDouble(), 1e-9);
  }

  @Test
  void should_refuse_one_source_without_the_other() {
    CliHarness.Result result = cli("agreement", "--a", "alice");
    assertEquals(ExitCode.USAGE, result.exitCode());
    assertTrue(result.err().contains("--a and --b go together"), result.err());
  }

  private JsonNode json(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }
}
