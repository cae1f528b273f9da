package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distillery label} and {@code labels} on a store file of demo runs. */
class LabelCommandTest {
  @TempDir Path dir;
  List<Run> runs;

  @BeforeEach
  void record_demo_runs() {
    assertEquals(0, cli("demo", "--attempts", "1").exitCode());
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(store())) {
      runs = store.runs(RunFilter.latest(100));
    }
  }

  private Path store() {
    return dir.resolve("distillery.duckdb");
  }

  private CliHarness.Result cli(String... args) {
    return new CliHarness(dir).env("USER", "bob").run(args);
  }

  private static JsonNode json(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  private List<Annotation> annotations(String runId) {
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(store())) {
      return store.annotations(runId);
    }
  }

  @Test
  void should_label_a_run_as_the_browser_does_and_withdraw_the_label() {
    String run = runs.get(0).id();
    CliHarness.Result alice =
        cli("label", run, "correct", "--tag", "slow", "--comment", "fine", "--author", "alice");
    assertEquals(0, alice.exitCode(), alice.err());
    assertEquals("labelled run " + run + " correct as alice", alice.out().strip());
    assertEquals(0, cli("label", run.substring(0, 20), "incorrect").exitCode());
    assertEquals(
        List.of("alice correct [slow] fine", "bob incorrect [] null"),
        annotations(run).stream()
            .map(a -> a.author() + " " + a.label() + " " + a.tags() + " " + a.comment())
            .toList());
    assertEquals(
        "2", cli("sql", "select count(*) from labels", "-f", "csv").out().lines().toList().get(1));
    // the tag finds the run in `runs`, as the browser's list filter does, and only that run
    CliHarness.Result tagged = cli("runs", "--tag", "slow", "--json");
    assertEquals(0, tagged.exitCode(), tagged.err());
    assertEquals(List.of(run), tagged.out().lines().map(l -> json(l).get("id").asText()).toList());
    assertEquals("", cli("runs", "--tag", "fast", "--json").out());

    CliHarness.Result clear = cli("label", run, "--clear");
    assertEquals("withdrew bob's label of run " + run, clear.out().strip(), clear.err());
    assertEquals(3, annotations(run).size(), "the history keeps the withdrawn label");
    assertEquals(
        "alice",
        cli("sql", "select author from labels", "-f", "csv").out().lines().toList().get(1));
    String current = cli("labels").out();
    assertTrue(current.contains("\"author\":\"alice\"") && !current.contains("bob"), current);
    assertEquals(
        "0",
        cli("sql", "select count(*) from label_disagreements", "-f", "csv")
            .out()
            .lines()
            .toList()
            .get(1));
  }

  @Test
  void should_refuse_a_wrong_label_command_in_one_line() {
    String run = runs.get(0).id();
    CliHarness.Result unknown = cli("label", run, "maybe");
    assertEquals(ExitCode.ERROR, unknown.exitCode());
    assertEquals(1, unknown.err().lines().count(), unknown.err());
    assertEquals(ExitCode.USAGE, cli("label", run, "correct", "--clear").exitCode());
    assertEquals(ExitCode.USAGE, cli("label", run).exitCode());
    CliHarness.Result step = cli("label", run, "correct", "--step", "no-such-event");
    assertEquals("distillery: run " + run + " has no event no-such-event", step.err().strip());
    assertTrue(annotations(run).isEmpty());
  }

  @Test
  void should_write_nothing_and_name_the_line_when_one_imported_row_is_bad() throws Exception {
    String run = runs.get(0).id();
    String good = "{\"run\":\"" + run + "\",\"label\":\"correct\",\"author\":\"alice\"}\n";
    Map<String, String> bad =
        Map.of(
            "{\"run\":\"nope\",\"label\":\"correct\",\"author\":\"alice\"}",
            "line 3: no run nope",
            "{\"run\":\"" + run + "\",\"label\":\"maybe\",\"author\":\"alice\"}",
            "line 3: label must be",
            "{\"run\":\"" + run.substring(0, 1) + "\",\"label\":\"correct\",\"author\":\"alice\"}",
            "line 3: run id '" + run.substring(0, 1) + "' is ambiguous",
            "{\"run\":\"" + run + "\",\"author\":\"alice\"}",
            "line 3: missing field 'label'");
    for (Map.Entry<String, String> row : bad.entrySet()) {
      Files.writeString(dir.resolve("in.jsonl"), good + "\n" + row.getKey() + "\n");
      CliHarness.Result result = cli("label", "--import", "in.jsonl");
      assertEquals(ExitCode.ERROR, result.exitCode(), row.getKey());
      assertEquals(1, result.err().lines().count(), result.err());
      assertTrue(result.err().startsWith("distillery: " + row.getValue()), result.err());
    }
    assertTrue(annotations(run).isEmpty(), "nothing written");
  }

  @Test
  void should_round_trip_every_authors_labels_through_csv_and_jsonl() throws Exception {
    Files.copy(store(), dir.resolve("unlabelled.duckdb"));
    String first = runs.get(0).id();
    String second = runs.get(1).id();
    String step;
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(store())) {
      step = store.events(second).get(2).id();
    }
    cli(
        "label",
        first,
        "incorrect",
        "--tag",
        "wrong tool",
        "--tag",
        "gave up, then lied",
        "--comment",
        "said \"done\",\nthen stopped",
        "--author",
        "alice");
    cli("label", first, "correct");
    cli("label", second, "incorrect", "--step", step, "--author", "alice");
    cli("label", second, "correct", "--author", "carol");
    cli("label", second, "--clear", "--author", "carol");

    for (String file : List.of("labels.csv", "labels.jsonl")) {
      assertEquals(0, cli("labels", "--out", file).exitCode());
      CliHarness.Result again = cli("label", "--import", file);
      assertEquals("imported 0 labels from " + file + " (3 already there)", again.out().strip());

      String other = "other-" + file + ".duckdb";
      Files.copy(dir.resolve("unlabelled.duckdb"), dir.resolve(other));
      CliHarness.Result into = cli("label", "--import", file, "--store", other);
      assertEquals(0, into.exitCode(), into.err());
      assertEquals("imported 3 labels from " + file, into.out().strip());
      assertEquals(
          withoutTimes(cli("labels").out()), withoutTimes(cli("labels", "--store", other).out()));
    }
    assertTrue(cli("labels").out().contains("gave up, then lied"));
  }

  private static String withoutTimes(String jsonl) {
    return jsonl.replaceAll("\"created_at\":\"[^\"]*\"", "");
  }
}
