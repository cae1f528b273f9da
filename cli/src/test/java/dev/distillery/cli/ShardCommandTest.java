package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardCommandTest {
  static final String SHARD_2_OF_3 = "{\"shard\": \"2/3\"}";

  @TempDir Path dir;

  private List<String> pairs(CliHarness cli, String store) {
    CliHarness.Result pairs =
        cli.run(
            "sql",
            "--store",
            store,
            "--format",
            "csv",
            "select task_id || '#' || attempt as pair from runs where suite_run_id = 'sr-1'"
                + " order by 1");
    assertEquals(0, pairs.exitCode(), pairs.err());
    List<String> lines = new ArrayList<>(Arrays.asList(pairs.out().split("\n")));
    lines.remove(0);
    return lines;
  }

  @Test
  void should_run_every_pair_in_exactly_one_shard_when_the_shards_of_a_suite_run_add_up()
      throws Exception {
    CliHarness cli = ScriptedSuite.in(dir);
    Set<String> union = new HashSet<>();
    int total = 0;
    int passes = 0;
    List<Integer> sizes = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      CliHarness.Result run = ScriptedSuite.shard(cli, "s" + k + ".duckdb", k + "/3");
      assertEquals(0, run.exitCode(), run.err());
      JsonNode summary = Json.MAPPER.readTree(run.out());
      assertEquals("sr-1", summary.path("suite_run_id").asText());
      assertEquals(k + "/3", summary.path("shard").asText());
      assertTrue(summary.path("store").asText().endsWith("s" + k + ".duckdb"), run.out());
      List<String> mine = pairs(cli, "s" + k + ".duckdb");
      sizes.add(mine.size());
      mine.forEach(pair -> assertTrue(union.add(pair), pair + " ran in two shards"));
      total += summary.path("total").path("attempts").asInt();
      passes += summary.path("total").path("passes").asInt();
    }
    CliHarness.Result whole = ScriptedSuite.run(cli, "whole.duckdb", "--attempts", "2", "--json");
    assertEquals(0, whole.exitCode(), whole.err());
    JsonNode summary = Json.MAPPER.readTree(whole.out());
    assertEquals(new HashSet<>(pairs(cli, "whole.duckdb")), union, "shards = the unsharded pairs");
    assertEquals(List.of(4, 3, 3), sizes, "balanced: 10 pairs dealt round-robin");
    assertEquals(summary.path("total").path("attempts").asInt(), total);
    assertEquals(summary.path("total").path("passes").asInt(), passes);
    assertEquals(4, passes, "a and b pass twice each, by their real bash checks");
  }

  @Test
  void should_redo_only_its_own_pairs_when_a_shard_is_started_again_after_it_died()
      throws Exception {
    CliHarness cli = ScriptedSuite.in(dir);
    // the process died in the middle of one of its attempts (c#2), and the store also holds a
    // pair that another shard owns (a#1): only the first is this shard's to redo
    ScriptedSuite.leaveAnAttemptRunning(dir.resolve("s2.duckdb"), "sr-1", "c", 2, SHARD_2_OF_3);
    ScriptedSuite.leaveAnAttemptRunning(dir.resolve("s2.duckdb"), "sr-1", "a", 1, SHARD_2_OF_3);

    CliHarness.Result again = ScriptedSuite.shard(cli, "s2.duckdb", "2/3");

    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.err().contains("sr-1: 3 attempts to run"), again.err());
    String expected =
        "task_id,attempt,status,n\n"
            + "a,1,interrupted,1\n"
            + "b,1,succeeded,1\n"
            + "c,2,succeeded,1\n"
            + "e,1,succeeded,1\n";
    assertEquals(expected, counts(cli), "pairs 2, 5, 8 of a1 b1 c1 d1 e1 a2 ...; c#2 resumed");
    CliHarness.Result third = ScriptedSuite.shard(cli, "s2.duckdb", "2/3");
    assertTrue(third.err().contains("sr-1: 0 attempts to run"), third.err());
    assertEquals(expected, counts(cli), "a finished shard run again runs nothing");
  }

  private String counts(CliHarness cli) {
    return cli.run(
            "sql",
            "--store",
            "s2.duckdb",
            "--format",
            "csv",
            "select task_id, attempt, status, count(*) as n from runs group by all order by all")
        .out();
  }

  @Test
  void should_refuse_a_shard_of_another_shape_in_one_line_when_the_store_ran_another()
      throws Exception {
    CliHarness cli = ScriptedSuite.in(dir);
    assertEquals(0, ScriptedSuite.shard(cli, "s2.duckdb", "2/3").exitCode());

    CliHarness.Result other = ScriptedSuite.shard(cli, "s2.duckdb", "1/3");

    assertEquals(1, other.exitCode());
    assertEquals(
        "distillery: suite run sr-1 in this store is shard 2/3, not 1/3: give each shard its own"
            + " store\n",
        other.err().lines().filter(l -> l.startsWith("distillery:")).findFirst().orElse("") + "\n");
  }

  @Test
  void should_say_in_one_line_what_is_wrong_with_a_bad_shard() throws Exception {
    CliHarness cli = ScriptedSuite.in(dir);
    for (String bad : List.of("0/3", "4/3", "3", "x/y", "1/0", "")) {
      CliHarness.Result run = ScriptedSuite.shard(cli, "bad.duckdb", bad);
      assertEquals(2, run.exitCode(), bad);
      assertEquals(1, run.err().lines().count(), run.err());
      assertTrue(run.err().startsWith("distillery: --shard: a shard is K/N"), run.err());
    }
    CliHarness.Result unnamed =
        cli.run("run", "--suite", "suite.jsonl", "--shard", "1/2", "--script", "script.json");
    assertEquals(2, unnamed.exitCode());
    assertTrue(unnamed.err().startsWith("distillery: --shard needs --suite-run ID"), unnamed.err());
    CliHarness.Result slash =
        cli.run("run", "--suite", "suite.jsonl", "--suite-run", "a/b", "--script", "script.json");
    assertEquals(2, slash.exitCode());
    assertTrue(slash.err().startsWith("distillery: --suite-run must be"), slash.err());
    assertTrue(!Files.exists(dir.resolve("bad.duckdb")), "nothing ran");
  }
}
