package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --sandbox}: the agent's bash under a real bubblewrap, recorded as usual. */
class SandboxCommandTest {
  @TempDir Path dir;

  private static boolean bwrapInstalled() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(entry.isEmpty() ? "." : entry, "bwrap"))) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void should_record_what_the_sandbox_refused_as_ordinary_tool_results() throws Exception {
    Assumptions.assumeTrue(bwrapInstalled(), "bubblewrap (bwrap) is not installed here");
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(
        dir.resolve("script.json"),
        """
        [ {"tool_calls": [{"name": "bash", "arguments": {"command": "echo in > in.txt && cat in.txt"}}]},
          {"tool_calls": [{"name": "bash", "arguments": {"command": "cd .. && echo out > out.txt"}}]},
          {"tool_calls": [{"name": "bash", "arguments": {"command": "cp /etc/hostname /etc/distillery-x"}}]},
          {"content": "tried."} ]
        """);
    CliHarness cli = new CliHarness(dir).env("PATH", System.getenv("PATH"));

    CliHarness.Result run =
        cli.run(
            "run",
            "-p",
            "write",
            "--script",
            "script.json",
            "--workdir",
            "work",
            "--sandbox",
            "--yes");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("in\n", Files.readString(work.resolve("in.txt")));
    assertFalse(Files.exists(dir.resolve("out.txt")), "nothing lands beside the workdir");
    assertFalse(Files.exists(Path.of("/etc/distillery-x")));
    String results =
        cli.run(
                "sql",
                "--format",
                "csv",
                "select exit_code, text like '%Read-only file system%' as read_only from events"
                    + " where kind = 'tool_result' order by seq")
            .out();
    assertEquals("exit_code,read_only\n0,false\n0,false\n1,true\n", results);
  }

  @Test
  void should_refuse_sandbox_with_one_line_and_exit_1_when_bwrap_is_not_on_the_path()
      throws Exception {
    Files.writeString(dir.resolve("script.json"), "[{\"content\": \"hi\"}]");
    CliHarness cli = new CliHarness(dir).env("PATH", dir.resolve("empty").toString());

    CliHarness.Result run = cli.run("run", "-p", "x", "--script", "script.json", "--sandbox");

    assertEquals(1, run.exitCode(), run.err());
    assertTrue(
        run.err().startsWith("distillery: --sandbox needs bubblewrap (bwrap) on the PATH"),
        run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  @Test
  void should_take_the_sandbox_from_the_settings_and_let_the_flag_turn_it_off() throws Exception {
    Files.writeString(dir.resolve("script.json"), "[{\"content\": \"hi\"}]");
    Files.writeString(dir.resolve("distillery.json"), "{\"sandbox\": {\"enabled\": true}}");
    CliHarness cli = new CliHarness(dir).env("PATH", dir.resolve("empty").toString());

    CliHarness.Result configured = cli.run("run", "-p", "x", "--script", "script.json");
    CliHarness.Result off = cli.run("run", "-p", "x", "--script", "script.json", "--no-sandbox");

    assertEquals(1, configured.exitCode(), configured.err());
    assertTrue(configured.err().contains("--sandbox needs bubblewrap"), configured.err());
    assertEquals(0, off.exitCode(), off.err());
  }
}
