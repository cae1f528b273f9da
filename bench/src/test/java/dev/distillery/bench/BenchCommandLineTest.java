package dev.distillery.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.cli.Context;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code distillery bench} joins the command line through the ServiceLoader, with its errors. */
class BenchCommandLineTest {
  @TempDir Path dir;

  @Test
  void should_list_bench_among_the_commands_when_its_jar_is_on_the_class_path() {
    CliHarness.Result result = new CliHarness(dir).run("--help");

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(
        Pattern.compile("(?m)^ +bench +Measure Distillery beside a baseline")
            .matcher(result.out())
            .find(),
        result.out());
    assertTrue(
        result.out().indexOf("\n  bench ") < result.out().indexOf("\n  help "), result.out());
  }

  @Test
  void should_list_every_bench_in_its_help() {
    CliHarness.Result result = new CliHarness(dir).run("bench", "--help");

    assertEquals(0, result.exitCode(), result.err());
    for (String bench :
        new String[] {
          "store", "suite", "views", "export", "soak", "ui", "learn", "judge", "proxy", "otlp",
          "startup", "scale"
        }) {
      assertTrue(Pattern.compile("(?m)^ +" + bench + " ").matcher(result.out()).find(), bench);
    }
  }

  @Test
  void should_end_each_benchs_first_description_line_with_a_period_and_list_it_whole() {
    Context context = new Context(Map.of(), new ByteArrayInputStream(new byte[0]), dir, false);
    String help = new CliHarness(dir).run("bench", "--help").out();
    Collection<CommandLine> benches =
        new CommandLine(new BenchCommand(context)).getSubcommands().values();
    for (CommandLine bench : benches) {
      String first = bench.getCommandSpec().usageMessage().description()[0];
      assertTrue(first.endsWith("."), bench.getCommandName() + ": " + first);
      Pattern listed =
          Pattern.compile(
              "(?m)^ +"
                  + Pattern.quote(bench.getCommandName())
                  + " +"
                  + Pattern.quote(first)
                  + "$");
      assertTrue(listed.matcher(help).find(), bench.getCommandName() + ":\n" + help);
    }
    assertEquals(12, benches.size());
  }

  @Test
  void should_refuse_too_few_events_for_the_views_in_one_line() {
    CliHarness.Result result = new CliHarness(dir).run("bench", "views", "--events", "3");

    assertEquals(2, result.exitCode(), result.err());
    assertEquals(
        "distillery: --events must be at least 20 (see 'distillery bench views --help')\n",
        result.err());
  }

  @Test
  void should_refuse_a_soak_without_kills_in_one_line() {
    CliHarness.Result result = new CliHarness(dir).run("bench", "soak", "--kills", "0");

    assertEquals(2, result.exitCode());
    assertEquals(
        "distillery: --kills, --runs and --workers must be at least 1"
            + " (see 'distillery bench soak --help')\n",
        result.err());
  }

  @Test
  void should_refuse_a_zero_count_with_one_line() {
    CliHarness.Result result = new CliHarness(dir).run("bench", "store", "--events", "0");

    assertEquals(2, result.exitCode());
    assertEquals(
        "distillery: --events, --batch and --latency-samples must be at least 1"
            + " (see 'distillery bench store --help')\n",
        result.err());
  }
}
