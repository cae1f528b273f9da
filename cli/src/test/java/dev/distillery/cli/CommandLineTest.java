package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a person sees of the command line itself: wrong values, help, the live lines. */
class CommandLineTest {
  @TempDir Path dir;

  private void script(String json) throws Exception {
    Files.writeString(dir.resolve("script.json"), json);
  }

  @Test
  void should_exit_2_with_one_line_for_each_wrong_option_value() throws Exception {
    script("[{\"content\": \"done\"}]");
    List<List<String>> lines =
        List.of(
            List.of("run", "-p", "x", "--script", "script.json", "--mode", "bogus"),
            List.of("run", "-p", "x", "--script", "script.json", "--persona", "nosuch"),
            List.of("run", "-p", "x", "--script", "script.json", "--max-turns", "many"),
            List.of("run", "-p", "x", "--script", "script.json", "--context-window", "0"),
            List.of("run", "-p", "x", "--script", "script.json", "--snapshots", "sideways"),
            List.of("run", "-p", "x", "--script", "script.json", "--skills", "no-such-dir"),
            List.of("run", "-p", "x", "--script", "script.json", "--tool-calls", "xml"),
            List.of("run", "-p", "x", "--script", "script.json", "--max-cost", "-1"),
            List.of("export", "-f", "nosuch", "-o", "out"),
            List.of("export", "-f", "openai", "-o", "out", "--since", "last-tuesday"));
    CliHarness cli = new CliHarness(dir);
    for (List<String> line : lines) {
      CliHarness.Result result = cli.run(line.toArray(String[]::new));

      assertEquals(2, result.exitCode(), line + ": " + result.err());
      assertTrue(result.err().startsWith("distillery: "), line + ": " + result.err());
      assertEquals(1, result.err().strip().lines().count(), line + ": " + result.err());
      assertTrue(result.err().contains(" --help')"), line + ": " + result.err());
    }
    assertFalse(Files.exists(dir.resolve("distillery.duckdb")), "nothing ran, nothing recorded");
  }

  @Test
  void should_print_the_pom_version_without_snapshot_when_asked_for_the_version() {
    CliHarness.Result result = new CliHarness(dir).run("--version");

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().matches("distillery [0-9]+\\.[0-9]+\\.[0-9]+\n"), result.out());
  }

  @Test
  void should_name_the_bundled_personas_when_a_persona_is_neither_bundled_nor_a_file() {
    CliHarness.Result result = new CliHarness(dir).run("chat", "--persona", "nosuch");

    assertEquals(2, result.exitCode(), result.err());
    assertEquals(
        "distillery: --persona nosuch: neither a bundled persona (productivity, support) nor a"
            + " file (see 'distillery chat --help')\n",
        result.err());
  }

  @Test
  void should_end_each_commands_first_description_line_with_a_period_and_list_it_whole() {
    CommandLine root =
        Main.commandLine(new Context(Map.of(), new ByteArrayInputStream(new byte[0]), dir, false));
    List<CommandLine> parents = new ArrayList<>(List.of(root));
    int checked = 0;
    while (!parents.isEmpty()) {
      CommandLine parent = parents.remove(0);
      if (parent.getSubcommands().isEmpty()) {
        continue;
      }
      List<String> args =
          new ArrayList<>(List.of(parent.getCommandSpec().qualifiedName(" ").split(" ")));
      args.remove(0); // distillery
      args.add("--help");
      String help = new CliHarness(dir).run(args.toArray(String[]::new)).out();
      for (CommandLine sub : parent.getSubcommands().values()) {
        String name = sub.getCommandName();
        // the list shows a command's header when it has one (picocli's help), else its description
        String[] header = sub.getCommandSpec().usageMessage().header();
        String[] description =
            header.length > 0 ? header : sub.getCommandSpec().usageMessage().description();
        assertTrue(description.length > 0, name + " has no description");
        String first = description[0];
        assertTrue(first.endsWith("."), name + ": \"" + first + "\" is not a sentence");
        Pattern listed =
            Pattern.compile("(?m)^ +" + Pattern.quote(name) + " +" + Pattern.quote(first) + "$");
        assertTrue(listed.matcher(help).find(), name + " is not listed whole:\n" + help);
        parents.add(sub);
        checked++;
      }
    }
    assertTrue(checked > 12, "every command: " + checked);
  }

  @Test
  void should_say_error_once_for_a_failed_tool_and_count_one_turn_in_the_singular()
      throws Exception {
    script(
        """
        [ {"content": null, "tool_calls": [{"name": "read_file", "arguments": {"path": "missing.txt"}}]},
          {"content": "It is not there."} ]
        """);
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.run("run", "-p", "read it", "--script", "script.json");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("  ↳ error: "), run.err());
    assertFalse(run.err().contains("error: error:"), run.err());
    assertTrue(run.err().contains(" in 2 turns, "), run.err());

    script(
        "[{\"content\": \"Nothing to do.\", \"usage\": {\"prompt_tokens\": 1, \"completion_tokens\": 0}}]");
    CliHarness.Result one = cli.run("run", "-p", "nothing", "--script", "script.json");

    assertEquals(0, one.exitCode(), one.err());
    assertTrue(one.err().contains(" in 1 turn, 1 token, "), one.err());
  }
}
