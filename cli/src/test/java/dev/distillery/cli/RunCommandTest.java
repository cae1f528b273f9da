package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path dir;

  private Path script(String json) throws IOException {
    return Files.writeString(dir.resolve("script.json"), json);
  }

  @Test
  void should_run_a_prompt_with_tools_print_the_answer_and_record_the_run() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    script(
        """
        [ {"content": null, "tool_calls": [{"name": "write_file", "arguments": {"path": "notes.txt", "content": "alpha\\n"}}]},
          {"content": null, "tool_calls": [{"name": "bash", "arguments": {"command": "wc -c < notes.txt"}}]},
          {"content": "notes.txt holds 6 bytes."} ]
        """);
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run =
        cli.run("run", "-p", "write notes.txt", "--script", "script.json", "--workdir", "work");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("notes.txt holds 6 bytes.\n", run.out());
    assertEquals("alpha\n", Files.readString(work.resolve("notes.txt")));
    assertTrue(run.err().contains("write_file"), "steps shown live on stderr: " + run.err());
    CliHarness.Result table = cli.run("sql", "--format", "csv", "select status, turns from runs");
    assertEquals("status,turns\nsucceeded,3\n", table.out());
    CliHarness.Result tools =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select name, exit_code from events where kind = 'tool_result' order by seq");
    assertEquals("name,exit_code\nwrite_file,\nbash,0\n", tools.out());
  }

  @Test
  void should_end_a_run_over_its_token_budget_as_budget_exceeded() throws Exception {
    script(
        """
        [ {"tool_calls": [{"name": "bash", "arguments": {"command": "true"}}], "usage": {"prompt_tokens": 90, "completion_tokens": 20}},
          {"content": "never reached"} ]
        """);
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run =
        cli.run("run", "-p", "x", "--script", "script.json", "--max-tokens", "100");

    assertEquals(3, run.exitCode(), run.err());
    assertTrue(run.err().contains("budget is 100"), run.err());
    CliHarness.Result stored =
        cli.run("sql", "--format", "csv", "select status, outcome from runs");
    assertEquals("status,outcome\nbudget_exceeded,token_limit\n", stored.out());
  }

  @Test
  void should_list_a_truncated_answer_as_failed_in_runs_and_failures() throws Exception {
    script("[ {\"content\": \"The answer is forty\", \"finish_reason\": \"length\"} ]");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.run("run", "-p", "x", "--script", "script.json");

    assertEquals(3, run.exitCode(), run.err());
    assertTrue(run.err().contains("failed (truncated)"), run.err());
    CliHarness.Result runs = cli.run("runs");
    assertTrue(runs.out().contains("OUTCOME"), runs.out());
    assertTrue(runs.out().contains("truncated"), runs.out());
    CliHarness.Result failures = cli.run("failures");
    assertTrue(failures.out().contains("truncated: the model's answer was cut"), failures.out());
  }

  @Test
  void should_read_the_prompt_from_stdin() throws Exception {
    script("[{\"content\": \"hello\"}]");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.runWithInput("say hello\n", "run", "--script", "script.json");

    assertEquals(0, run.exitCode(), run.err());
    CliHarness.Result prompt = cli.run("sql", "--format", "csv", "select task_prompt from runs");
    assertEquals("task_prompt\nsay hello\n", prompt.out());
  }

  @Test
  void should_pause_the_run_as_interrupted_and_exit_130_when_the_model_cannot_be_reached()
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliHarness cli = new CliHarness(dir).env("OPENAI_API_KEY", "sk-test-secret-never-shown");
    String url = "http://127.0.0.1:" + port + "/v1";

    CliHarness.Result run = cli.run("run", "-p", "hi", "--base-url", url, "-m", "gpt-4o-mini");

    assertEquals(130, run.exitCode(), run.err());
    assertTrue(run.err().contains("distillery resume"), "says how to go on: " + run.err());
    assertTrue(run.err().contains(url), "the message names the URL: " + run.err());
    assertFalse(run.err().contains("sk-test-secret"), run.err());
    CliHarness.Result stored =
        cli.run("sql", "--format", "csv", "select status, outcome from runs");
    assertEquals("status,outcome\ninterrupted,model_unavailable\n", stored.out());
    CliHarness.Result leaks =
        cli.run(
            "sql",
            "--format",
            "csv",
            "select count(*) as n from events where data::varchar like '%sk-test-secret%'");
    assertEquals("n\n0\n", leaks.out(), "the key never reaches the trace");
  }

  @Test
  void should_extend_one_session_across_chat_turns() throws Exception {
    script("[{\"content\": \"first answer\"}, {\"content\": \"second answer\"}]");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result chat =
        cli.runWithInput("hello\n\nand again\n/exit\n", "chat", "--script", "script.json");

    assertEquals(0, chat.exitCode(), chat.err());
    assertEquals("first answer\nsecond answer\n", chat.out());
    CliHarness.Result runs =
        cli.run("sql", "--format", "csv", "select count(*) as n, max(turns) as t from runs");
    assertEquals("n,t\n1,2\n", runs.out());
  }

  @Test
  void should_give_one_line_and_exit_1_for_a_store_that_does_not_exist() {
    CliHarness.Result result = new CliHarness(dir).run("runs", "--store", "nowhere/x.duckdb");

    assertEquals(1, result.exitCode());
    assertTrue(result.err().startsWith("distillery: "), result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
  }

  @Test
  void should_exit_2_with_a_hint_for_an_unknown_option() {
    CliHarness.Result result = new CliHarness(dir).run("runs", "--colour");

    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--colour"), result.err());
    assertTrue(result.err().contains("distillery runs --help"), result.err());
  }

  @Test
  void should_name_the_run_when_show_gets_an_unknown_id() {
    CliHarness cli = new CliHarness(dir);
    assertEquals(0, cli.run("demo", "--attempts", "1").exitCode());

    CliHarness.Result result = cli.run("show", "zzzz");

    assertEquals(1, result.exitCode());
    assertEquals("distillery: no run 'zzzz' (see `distillery runs`)\n", result.err());
  }
}
