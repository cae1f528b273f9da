package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlCommandTest {
  @TempDir Path dir;

  private static final String RM_BUILD =
      """
      [ {"tool_calls": [{"name": "bash", "arguments": {"command": "rm -rf build && echo removed"}}]},
        {"content": "done"} ]
      """;

  private void script(String json) throws IOException {
    Files.writeString(dir.resolve("script.json"), json);
  }

  private String csv(CliHarness cli, String sql) {
    CliHarness.Result result = cli.run("sql", "--format", "csv", sql);
    assertEquals(0, result.exitCode(), result.err());
    return result.out();
  }

  @Test
  void should_deny_by_a_settings_rule_record_the_decision_and_show_it() throws Exception {
    Files.writeString(
        dir.resolve("distillery.json"),
        """
        {"policy": {"rules": [{"tool": "bash", "match": "^git push", "action": "deny",
                               "reason": "pushing is for people"}]}}
        """);
    script(
        """
        [ {"tool_calls": [{"name": "bash", "arguments": {"command": "git push origin main"}}]},
          {"content": "I was not allowed to push."} ]
        """);
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.run("run", "-p", "push it", "--script", "script.json");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.err().contains("policy deny bash: pushing is for people (config rule)"), run.err());
    assertEquals(
        "name,text\ndeny,pushing is for people\n",
        csv(cli, "select name, text from events where kind = 'policy_decision'"));
    assertEquals(
        "text\nerror: policy denied this call: pushing is for people\n",
        csv(cli, "select text from events where kind = 'tool_result'"));
    String runId = csv(cli, "select id from runs").split("\n")[1];
    CliHarness.Result show = cli.run("show", runId);
    assertEquals(0, show.exitCode(), show.err());
    assertTrue(
        show.out().contains("policy decision deny bash: pushing is for people (config rule)"),
        show.out());
    assertTrue(show.out().contains("| bash ~ ^git push"), "the rule under it: " + show.out());
  }

  @Test
  void should_ask_at_the_terminal_and_run_the_call_when_the_user_says_yes() throws Exception {
    Files.createDirectories(dir.resolve("build"));
    script(RM_BUILD);
    CliHarness cli = new CliHarness(dir).terminal(true).env("USER", "ada");

    CliHarness.Result run =
        cli.runWithInput("y\n", "run", "-p", "clean up", "--script", "script.json");

    assertEquals(0, run.exitCode(), run.err());
    assertFalse(Files.exists(dir.resolve("build")));
    assertTrue(run.err().contains("allow? [y]es / [n]o / [a]lways"), run.err());
    assertEquals(
        "name,text\nyes,ada\n", csv(cli, "select name, text from events where kind = 'approval'"));
  }

  @Test
  void should_not_run_the_call_when_the_user_says_no() throws Exception {
    Files.createDirectories(dir.resolve("build"));
    script(RM_BUILD);
    CliHarness cli = new CliHarness(dir).terminal(true).env("USER", "ada");

    CliHarness.Result run =
        cli.runWithInput("n\n", "run", "-p", "clean up", "--script", "script.json");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(Files.exists(dir.resolve("build")));
    assertTrue(run.err().contains("refused bash: no by ada"), run.err());
  }

  @Test
  void should_deny_an_ask_without_a_terminal_and_allow_it_with_yes() throws Exception {
    Files.createDirectories(dir.resolve("build"));
    script(RM_BUILD);
    CliHarness cli = new CliHarness(dir);

    cli.run("run", "-p", "clean up", "--script", "script.json");
    assertTrue(Files.exists(dir.resolve("build")), "no terminal: the ask is a no");
    cli.run("run", "-p", "clean up", "--script", "script.json", "--yes");
    assertFalse(Files.exists(dir.resolve("build")), "--yes approves");
    assertEquals(
        "name,text\nno,policy (unattended)\nyes,--yes\n",
        csv(cli, "select name, text from events where kind = 'approval' order by ts"));
  }

  @Test
  void should_block_a_call_with_a_hook_from_the_settings_file() throws Exception {
    Files.writeString(
        dir.resolve("distillery.json"),
        """
        {"hooks": {"before_tool": [{"tool": "write_file",
           "command": "grep -q secret && { echo 'no secrets in files' >&2; exit 2; } || exit 0"}]}}
        """);
    script(
        """
        [ {"tool_calls": [{"name": "write_file", "arguments": {"path": "a.txt", "content": "my secret"}}]},
          {"content": "blocked"} ]
        """);
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.run("run", "-p", "write", "--script", "script.json");

    assertEquals(0, run.exitCode(), run.err());
    assertFalse(Files.exists(dir.resolve("a.txt")));
    assertEquals(
        "name,exit_code,text\nbefore_tool,2,no secrets in files\n",
        csv(cli, "select name, exit_code, text from events where kind = 'hook_result'"));
  }

  @Test
  void should_run_a_skill_command_for_an_exact_trigger_without_the_model() throws Exception {
    Files.createDirectories(dir.resolve("skills/greet"));
    Files.writeString(
        dir.resolve("skills/greet/SKILL.md"),
        """
        ---
        description: Say hello
        triggers: /hello
        command: echo hello from the skill
        ---
        Say hello.
        """);
    script("[]");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.run("run", "-p", "/hello", "--script", "script.json");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("hello from the skill\n", run.out());
    assertEquals(
        "kinds\nrun_started checkpoint skill_run run_finished\n",
        csv(
            cli,
            "select string_agg(kind, ' ' order by seq) as kinds from events"
                + " where kind <> 'state_changed'"));
  }

  @Test
  void should_record_the_mode_and_offer_no_tools_in_ask_mode() throws Exception {
    script("[{\"content\": \"an answer\"}]");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run =
        cli.run("run", "-p", "what is 2+2?", "--script", "script.json", "--mode", "ask");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("mode\nask\n", csv(cli, "select mode from runs"));
    assertEquals(
        "n\n0\n",
        csv(
            cli,
            "select json_array_length(data->'$.tools') as n from events"
                + " where kind = 'model_request'"));
  }

  @Test
  void should_exit_2_for_a_bad_mode_and_1_for_a_bad_policy_with_one_line_each() throws Exception {
    script("[{\"content\": \"x\"}]");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result mode = cli.run("run", "-p", "x", "--script", "script.json", "--mode", "yolo");
    assertEquals(2, mode.exitCode());
    assertEquals(1, mode.err().strip().lines().count(), mode.err());
    assertTrue(mode.err().contains("unknown mode 'yolo'"), mode.err());

    Files.writeString(
        dir.resolve("distillery.json"), "{\"policy\": {\"rules\": [{\"tool\": \"bash\"}]}}");
    CliHarness.Result policy = cli.run("run", "-p", "x", "--script", "script.json");
    assertEquals(1, policy.exitCode());
    assertEquals(1, policy.err().strip().lines().count(), policy.err());
    assertTrue(policy.err().contains("(policy): rules[0] needs an \"action\""), policy.err());
  }

  @Test
  void should_stop_starting_suite_attempts_once_the_suite_budget_is_spent() throws Exception {
    Files.writeString(
        dir.resolve("suite.jsonl"),
        """
        {"id": "one", "prompt": "1"}
        {"id": "two", "prompt": "2"}
        """);
    script(
        "[{\"content\": \"ok\", \"usage\": {\"prompt_tokens\": 90, \"completion_tokens\": 10}}]");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run =
        cli.run(
            "run",
            "--suite",
            "suite.jsonl",
            "--attempts",
            "2",
            "--script",
            "script.json",
            "--suite-max-tokens",
            "150");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.err().contains("suite budget reached: the suite's attempts used 200 tokens"),
        run.err());
    assertEquals("n\n2\n", csv(cli, "select count(*) as n from runs"));

    CliHarness.Result single = cli.run("run", "-p", "x", "--suite-max-tokens", "5");
    assertEquals(2, single.exitCode());
    assertTrue(single.err().contains("need --suite"), single.err());
  }
}
