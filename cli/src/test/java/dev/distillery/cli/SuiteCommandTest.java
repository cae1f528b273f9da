package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteCommandTest {
  @TempDir Path dir;

  private void suiteFiles() throws IOException {
    Files.writeString(
        dir.resolve("suite.jsonl"),
        """
        {"id": "pass", "prompt": "make ok.txt", "check": "test -f ok.txt"}
        {"id": "fail", "prompt": "make nothing", "check": "test -f missing.txt"}
        {"id": "free", "prompt": "just answer"}
        """);
    Files.writeString(
        dir.resolve("script.json"),
        """
        {"tasks": {
          "pass": {"replies": [
            {"tool_calls": [{"name": "write_file", "arguments": {"path": "ok.txt", "content": "ok"}}]},
            {"content": "made it"}]}},
         "replies": [{"content": "done"}]}
        """);
  }

  @Test
  void should_run_each_task_n_times_and_summarise_pass_rates() throws Exception {
    suiteFiles();
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run =
        cli.run(
            "run",
            "--suite",
            "suite.jsonl",
            "--attempts",
            "3",
            "--concurrency",
            "2",
            "--script",
            "script.json",
            "--json");

    assertEquals(0, run.exitCode(), run.err());
    JsonNode summary = Json.MAPPER.readTree(run.out());
    assertEquals(9, summary.path("total").path("attempts").asInt());
    JsonNode pass = task(summary, "pass");
    assertEquals(3, pass.path("passes").asInt());
    assertEquals(1.0, pass.path("passAt1").asDouble());
    JsonNode fail = task(summary, "fail");
    assertEquals(0, fail.path("passes").asInt());
    assertEquals(0.0, fail.path("passAtN").asDouble());
    assertTrue(task(summary, "free").path("passAt1").isNull(), "no check, no pass rate");
    assertTrue(run.err().contains("[9/9]"), "plain progress lines off a terminal: " + run.err());
    CliHarness.Result tasks =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select task_id, check_command, runs, passed from tasks order by 1");
    assertEquals(
        "task_id,check_command,runs,passed\nfail,test -f missing.txt,3,0\nfree,,3,0\npass,test -f ok.txt,3,3\n",
        tasks.out());
    CliHarness.Result suites =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select suite, attempts_per_task, tasks, runs, length(suite_sha256) as sha from suite_runs");
    assertEquals("suite,attempts_per_task,tasks,runs,sha\nsuite,3,3,9,64\n", suites.out());
  }

  @Test
  void should_resume_a_suite_run_skipping_finished_attempts_and_resuming_interrupted_ones()
      throws Exception {
    suiteFiles();
    CliHarness cli = new CliHarness(dir);
    CliHarness.Result first =
        cli.run(
            "run",
            "--suite",
            "suite.jsonl",
            "--attempts",
            "1",
            "--script",
            "script.json",
            "--json");
    assertEquals(0, first.exitCode(), first.err());
    String suiteRun = Json.MAPPER.readTree(first.out()).path("suite_run_id").asText();
    ScriptedSuite.leaveAnAttemptRunning(
        dir.resolve("distillery.duckdb"), suiteRun, "fail", 2, "{}");

    CliHarness.Result resumed =
        cli.run(
            "run", "--resume", suiteRun, "--attempts", "2", "--script", "script.json", "--json");

    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.err().contains("3 attempts to run"), resumed.err());
    CliHarness.Result counts =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select attempt, count(*) as n from runs group by 1 order by 1");
    assertEquals(
        "attempt,n\n1,3\n2,3\n", counts.out(), "the interrupted attempt goes on as the same run");
    CliHarness.Result statuses =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select status, count(*) as n from runs where task_id = 'fail' and attempt = 2 group by 1 order by 1");
    assertEquals("status,n\nsucceeded,1\n", statuses.out());
    CliHarness.Result resumes =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select r.task_id, r.attempt, s.checkpoint_id from resumes s join runs r on r.id = s.run_id");
    assertEquals(
        "task_id,attempt,checkpoint_id\nfail,2,\n",
        resumes.out(),
        "resumed from the start: the killed attempt had no checkpoint yet");
    JsonNode summary = Json.MAPPER.readTree(resumed.out());
    assertEquals(
        6, summary.path("total").path("attempts").asInt(), "the latest run of each attempt counts");
  }

  @Test
  void should_name_line_and_field_of_a_bad_suite_and_run_nothing() throws Exception {
    Files.writeString(
        dir.resolve("bad.jsonl"), "{\"id\": \"a\", \"prompt\": \"x\"}\n{\"id\": \"b\"}\n");
    Files.writeString(dir.resolve("script.json"), "[{\"content\": \"done\"}]");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.run("run", "--suite", "bad.jsonl", "--script", "script.json");

    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("bad.jsonl:2: field 'prompt': missing"), run.err());
    assertFalse(Files.exists(dir.resolve("distillery.duckdb")), "nothing ran, nothing was written");
  }

  private static JsonNode task(JsonNode summary, String id) {
    for (JsonNode row : summary.path("tasks")) {
      if (row.path("taskId").asText().equals(id)) {
        return row;
      }
    }
    throw new AssertionError("no task " + id + " in " + summary);
  }
}
