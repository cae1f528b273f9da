package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs labelled correct come back as worked examples: the CLI, the scripted model, a real store.
 */
class LearnCommandTest {
  static final String CSV = "count the rows of data.csv and write the number to answer.txt";
  static final String JSON = "count the keys of data.json and write the number to answer.txt";

  @TempDir Path dir;

  private CliHarness cli() throws IOException {
    Files.writeString(
        dir.resolve("suite.jsonl"),
        """
        {"id": "csv-rows", "prompt": "%s", "check": "test -f answer.txt"}
        {"id": "json-keys", "prompt": "%s", "check": "test -f answer.txt"}
        """
            .formatted(CSV, JSON));
    // attempt 1 (round 1): csv passes, json fails; attempt 2 (round 2): both pass
    String write =
        """
        [{"tool_calls": [{"name": "write_file",
            "arguments": {"path": "answer.txt", "content": "SECRET_TOKEN=sk-abcdefghijklmnopqrstuvwxyz0123"}}]},
         {"content": "wrote the count"}]""";
    Files.writeString(
        dir.resolve("script.json"),
        """
        {"tasks": {
          "csv-rows": {"attempts": {"1": %s, "2": %s}},
          "json-keys": {"attempts": {"1": [{"content": "no idea"}], "2": %s}}},
         "replies": %s}
        """
            .formatted(write, write, write, write));
    return new CliHarness(dir);
  }

  @Test
  void should_teach_round_two_with_round_ones_correct_runs_of_other_tasks_only() throws Exception {
    CliHarness cli = cli();
    CliHarness.Result run =
        cli.run(
            "run",
            "--suite",
            "suite.jsonl",
            "--rounds",
            "2",
            "--learn",
            "--learn-scope",
            "other-tasks",
            "--script",
            "script.json",
            "--store",
            "s.duckdb",
            "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode rounds = Json.MAPPER.readTree(run.out()).path("rounds");
    assertEquals(2, rounds.size(), run.out());
    assertEquals(1.0, rounds.get(0).path("tasks").path("csv-rows").asDouble());
    assertEquals(0.0, rounds.get(0).path("tasks").path("json-keys").asDouble());
    assertEquals(1.0, rounds.get(1).path("pass_at_1").asDouble());

    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("s.duckdb"))) {
      List<Run> runs = store.runs(RunFilter.builder().limit(100).build());
      assertEquals(4, runs.size());
      Run csvFirst = find(runs, "csv-rows", 1);
      for (Run each : runs) {
        EventPayload.ExamplesRetrieved examples = examples(store, each.id());
        for (String taught : examples.runs()) {
          Run teacher = store.run(taught).orElseThrow();
          assertNotEquals(each.spec().taskId(), teacher.spec().taskId(), "other tasks only");
          assertTrue(teacher.endedAt().isBefore(each.startedAt()), "an earlier round's run");
        }
        if (each.spec().attempt() == 1) {
          assertEquals(List.of(), examples.runs(), "round 1 has nothing to learn from");
        }
      }
      // json's round-2 attempt learns from csv's passing run; csv's has no correct other task
      Run jsonSecond = find(runs, "json-keys", 2);
      assertEquals(List.of(csvFirst.id()), examples(store, jsonSecond.id()).runs());
      assertEquals(List.of(), examples(store, find(runs, "csv-rows", 2).id()).runs());
      String system = store.messages(jsonSecond.id()).get(0).content();
      assertTrue(system.contains("## Worked examples"), system);
      assertTrue(system.contains("Task: " + CSV), system);
      assertTrue(system.contains("write_file"), system);
      assertFalse(system.contains("sk-abcdefghijklmnopqrstuvwxyz0123"), "redacted as on export");
    }
    CliHarness.Result report =
        cli.run("learn", "report", suiteRun(cli), "--store", "s.duckdb", "--json");
    assertEquals(0, report.exitCode(), report.err());
    assertEquals(rounds, Json.MAPPER.readTree(report.out()).path("rounds"));
  }

  @Test
  void should_follow_peoples_labels_over_the_check_and_show_wrong_runs_only_when_asked()
      throws Exception {
    CliHarness cli = cli();
    assertEquals(
        0,
        cli.run("run", "--suite", "suite.jsonl", "--script", "script.json", "--store", "s.duckdb")
            .exitCode());
    String csvRun;
    String jsonRun;
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("s.duckdb"))) {
      List<Run> runs = store.runs(RunFilter.builder().limit(100).build());
      csvRun = find(runs, "csv-rows", 1).id();
      jsonRun = find(runs, "json-keys", 1).id();
      // the check passed csv and failed json; a person says the opposite of both
      store.annotate(annotation(csvRun, "incorrect", "counted the header row too"));
      store.annotate(annotation(jsonRun, "correct", ""));
    }
    List<String> correctOnly = taught(cli, "--learn");
    assertEquals(List.of(jsonRun), correctOnly);
    List<String> all = taught(cli, "--learn", "--learn-from", "all");
    assertEquals(List.of(csvRun, jsonRun), all, "same prompt first, then by overlap");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("s.duckdb"))) {
      Run last = store.runs(RunFilter.builder().limit(1).build()).get(0);
      String system = store.messages(last.id()).get(0).content();
      assertTrue(system.contains("What went wrong: counted the header row too"), system);
    }
    // a budget too small for one example: none is shown, the event says how many were found
    CliHarness.Result small =
        cli.run(
            "run",
            "-p",
            CSV,
            "--learn",
            "--learn-budget",
            "60",
            "--script",
            "script.json",
            "--store",
            "s.duckdb");
    assertEquals(0, small.exitCode(), small.err());
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("s.duckdb"))) {
      Run last = store.runs(RunFilter.builder().limit(1).build()).get(0);
      EventPayload.ExamplesRetrieved examples = examples(store, last.id());
      assertEquals(List.of(), examples.runs());
      assertEquals(1, examples.found());
      assertFalse(store.messages(last.id()).get(0).content().contains("Worked examples"));
    }
  }

  @Test
  void should_refuse_an_unknown_scope_in_one_line() throws Exception {
    CliHarness.Result run =
        cli()
            .run(
                "run",
                "-p",
                CSV,
                "--learn",
                "--learn-scope",
                "nearby",
                "--script",
                "script.json",
                "--store",
                "s.duckdb");
    assertEquals(2, run.exitCode());
    assertEquals(
        "distillery: --learn-scope must be same-task, other-tasks or all, not 'nearby'"
            + " (see 'distillery run --help')",
        run.err().strip());
  }

  private List<String> taught(CliHarness cli, String... flags) {
    String[] args =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(
                    "run", "-p", CSV, "--script", "script.json", "--store", "s.duckdb"),
                java.util.Arrays.stream(flags))
            .toArray(String[]::new);
    CliHarness.Result run = cli.run(args);
    assertEquals(0, run.exitCode(), run.err());
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("s.duckdb"))) {
      Run last = store.runs(RunFilter.builder().limit(1).build()).get(0);
      return examples(store, last.id()).runs();
    }
  }

  private static String suiteRun(CliHarness cli) {
    CliHarness.Result sql =
        cli.run(
            "sql",
            "--store",
            "s.duckdb",
            "--format",
            "csv",
            "select distinct suite_run_id from runs");
    return sql.out().lines().skip(1).findFirst().orElseThrow();
  }

  private static Annotation annotation(String runId, String label, String comment) {
    return new Annotation(
        Ids.newId(), runId, null, "ann", label, List.of(), comment, Instant.now());
  }

  private static Run find(List<Run> runs, String task, int attempt) {
    return runs.stream()
        .filter(r -> task.equals(r.spec().taskId()) && r.spec().attempt() == attempt)
        .findFirst()
        .orElseThrow();
  }

  private static EventPayload.ExamplesRetrieved examples(DuckDbTraceStore store, String runId) {
    List<TraceEvent> found =
        store.events(runId).stream()
            .filter(e -> e.payload() instanceof EventPayload.ExamplesRetrieved)
            .toList();
    assertEquals(1, found.size(), "one examples_retrieved event in " + runId);
    return (EventPayload.ExamplesRetrieved) found.get(0).payload();
  }
}
