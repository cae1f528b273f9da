package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.skills.Skill;
import dev.distillery.runtime.skills.Skills;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skills from execution: steps that correct runs repeat across tasks become SKILL.md drafts. */
class SkillsCommandTest {
  @TempDir Path dir;

  @Test
  void should_propose_the_steps_correct_runs_repeat_across_tasks_and_use_none_until_moved()
      throws Exception {
    Files.writeString(
        dir.resolve("suite.jsonl"),
        """
        {"id": "csv", "prompt": "count the lines of data.csv", "files": {"data.csv": "a\\nb\\n"}, "check": "test -s answer.txt"}
        {"id": "log", "prompt": "count the lines of app.log", "files": {"app.log": "x\\n"}, "check": "test -s answer.txt"}
        {"id": "bad", "prompt": "clean up", "check": "test -f never.txt"}
        """);
    String counting =
        """
        [{"tool_calls": [{"name": "bash", "arguments": {"command": "wc -l %s > answer.txt"}}]},
         {"tool_calls": [{"name": "bash", "arguments": {"command": "cat answer.txt"}}]},
         {"content": "counted"}]""";
    Files.writeString(
        dir.resolve("script.json"),
        """
        {"tasks": {
          "csv": {"replies": %s},
          "log": {"replies": %s},
          "bad": {"replies": [
            {"tool_calls": [{"name": "bash", "arguments": {"command": "rm -rf build"}}]},
            {"content": "cleaned"}]}}}
        """
            .formatted(counting.formatted("data.csv"), counting.formatted("app.log")));
    CliHarness cli = new CliHarness(dir);
    CliHarness.Result suite =
        cli.run(
            "run",
            "--suite",
            "suite.jsonl",
            "--attempts",
            "2",
            "--script",
            "script.json",
            "--store",
            "s.duckdb");
    assertEquals(0, suite.exitCode(), suite.err());

    CliHarness.Result propose =
        cli.run("skills", "propose", "--store", "s.duckdb", "--min-tasks", "2", "--min-runs", "3");
    assertEquals(0, propose.exitCode(), propose.err());
    Path draft = dir.resolve("skills/proposed/wc-then-cat/SKILL.md");
    assertTrue(Files.isRegularFile(draft), propose.out());
    String text = Files.readString(draft);
    assertTrue(text.contains("`wc -l <path> > <path>`"), text);
    assertTrue(text.contains("`cat <path>`"), text);
    assertTrue(text.contains("Tasks: csv, log") || text.contains("Tasks: log, csv"), text);
    assertTrue(text.contains("count the lines of data.csv"), text);
    assertFalse(text.contains("rm -rf"), "a failing task's steps are never proposed");
    // the shorter sequences inside it are not proposed again
    assertFalse(Files.exists(dir.resolve("skills/proposed/wc")), propose.out());

    assertEquals(List.of(), Skills.load(dir.resolve("skills")).all(), "drafts are not skills");
    Files.move(dir.resolve("skills/proposed/wc-then-cat"), dir.resolve("skills/wc-then-cat"));
    List<Skill> loaded = Skills.load(dir.resolve("skills")).all();
    assertEquals(1, loaded.size());
    assertEquals("wc-then-cat", loaded.get(0).name());
    assertTrue(loaded.get(0).description().startsWith("Steps that worked in 4 correct runs"));

    CliHarness.Result again =
        cli.run("skills", "propose", "--store", "s.duckdb", "--min-tasks", "3");
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().startsWith("no step sequence recurs"), again.out());
  }
}
