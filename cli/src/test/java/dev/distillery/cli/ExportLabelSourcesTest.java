package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --labels} and {@code --min-judge-kappa} over {@link LabelledStore}: which source
 * labels each run, read back from the raw rows field by field, and the judge's κ against people
 * (1/6 over 5 runs, worked out in {@link AgreementCommandTest}) above and below the least asked.
 */
class ExportLabelSourcesTest {
  @TempDir Path dir;

  @BeforeEach
  void make_store() {
    LabelledStore.make(dir.resolve(StoreOption.DEFAULT_FILE));
  }

  private CliHarness.Result export(String out, String... options) {
    List<String> args = new ArrayList<>(List.of("export", "-f", "raw", "-o", out));
    args.addAll(List.of(options));
    return new CliHarness(dir).run(args.toArray(String[]::new));
  }

  /** Run id to "label source labelers" of each raw row. */
  private Map<String, String> rows(String out) throws Exception {
    Map<String, String> rows = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve(out).resolve("train.jsonl"))) {
      JsonNode row = Json.MAPPER.readTree(line);
      List<String> labelers = new ArrayList<>();
      row.get("labelers").forEach(l -> labelers.add(l.asText()));
      rows.put(
          row.get("run_id").asText(),
          row.get("label").asText()
              + " "
              + row.get("label_source").asText()
              + " "
              + row.get("human_label").asText()
              + " "
              + labelers);
    }
    return rows;
  }

  @Test
  void should_leave_judges_out_by_default_and_take_people_first_when_human_leads()
      throws Exception {
    assertEquals(0, export("plain").exitCode());
    Map<String, String> plain = rows("plain");
    assertEquals("null none null []", plain.get("r9"), "the judge alone does not label by default");
    assertEquals("correct human correct [alice, bob]", plain.get("r1"));
    assertEquals("incorrect human incorrect [alice]", plain.get("r7"), "bob withdrew");

    CliHarness.Result result = export("human-first", "--labels", "human,judge,check");
    assertEquals(0, result.exitCode(), result.err());
    Map<String, String> rows = rows("human-first");
    assertEquals("correct human correct [alice, bob]", rows.get("r4"), "people before the judge");
    assertEquals("null disputed null [alice, bob]", rows.get("r3"), "people disputed: no judge");
    assertEquals("correct judge null [judge:m]", rows.get("r9"));
    assertEquals("correct check null []", rows.get("r10"));
    assertTrue(result.out().contains("rows by label source:"), result.out());
    String card = Files.readString(dir.resolve("human-first/README.md"));
    assertTrue(
        card.contains(
            "## Rows by label source\n\n| | count |\n|---|---|\n| check | 1 |\n| disputed | 3 |\n"
                + "| human | 5 |\n| judge | 1 |\n"),
        card);
    assertTrue(
        card.contains("- label sources, the first that has a label wins: human, judge, check\n"),
        card);
  }

  @Test
  void should_take_the_judge_first_when_judge_leads() throws Exception {
    CliHarness.Result result = export("judge-first", "--labels", "judge,human", "--use-check");
    assertEquals(0, result.exitCode(), result.err());
    Map<String, String> rows = rows("judge-first");
    assertEquals("incorrect judge null [judge:m]", rows.get("r4"), "the judge's latest label");
    assertEquals(
        "correct judge null [judge:m]", rows.get("r3"), "the judge before disputing people");
    assertEquals("correct judge null [judge:m]", rows.get("r7"));
    assertEquals("null disputed null [alice, bob]", rows.get("r8"), "no judge: people");
    assertEquals("correct check null []", rows.get("r10"), "--use-check adds the check last");
    String card = Files.readString(dir.resolve("judge-first/README.md"));
    assertTrue(card.contains("| judge | 8 |\n"), card);
    assertTrue(card.contains("wins: judge, human, check\n"), card);
  }

  @Test
  void should_use_the_judge_when_its_kappa_against_people_reaches_the_least_asked()
      throws Exception {
    CliHarness.Result result =
        export("trusted", "--labels", "human,judge", "--min-judge-kappa", "0.15");
    assertEquals(0, result.exitCode(), result.err());
    String measured =
        "judge judge:m: kappa 0.167 against people over 5 runs both labelled"
            + " (--min-judge-kappa 0.15)";
    assertTrue(result.out().contains(measured + "\n"), result.out());
    assertEquals("correct judge null [judge:m]", rows("trusted").get("r9"));
    assertTrue(Files.readString(dir.resolve("trusted/README.md")).contains("- " + measured + "\n"));
  }

  @Test
  void should_refuse_in_one_line_and_write_nothing_when_the_judges_kappa_is_below_the_least()
      throws Exception {
    CliHarness.Result result =
        export("refused", "--labels", "human,judge:m", "--min-judge-kappa", "0.2");
    assertEquals(ExitCode.ERROR, result.exitCode());
    assertEquals(
        "distillery: judge judge:m: kappa 0.167 against people over 5 runs both labelled"
            + " (--min-judge-kappa 0.2) is below the least asked: nothing written; label more runs"
            + " (distillery agreement shows where they differ), or leave the judge out of --labels",
        result.err().strip());
    assertFalse(Files.exists(dir.resolve("refused")));
  }

  @Test
  void should_refuse_a_person_or_a_least_kappa_without_a_judge_among_the_sources() {
    CliHarness.Result person = export("p", "--labels", "alice,check");
    assertEquals(ExitCode.ERROR, person.exitCode());
    assertTrue(person.err().contains("not 'alice' (people count together as human)"), person.err());
    CliHarness.Result noJudge = export("k", "--labels", "human", "--min-judge-kappa", "0.5");
    assertTrue(noJudge.err().contains("needs a judge among the label sources"), noJudge.err());
  }
}
