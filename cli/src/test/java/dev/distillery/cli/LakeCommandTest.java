package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeCommandTest {
  @TempDir Path dir;

  private String both(CliHarness cli, String... args) {
    CliHarness.Result store =
        cli.run(
            Stream.concat(Stream.of(args), Stream.of("--store", "whole.duckdb"))
                .toArray(String[]::new));
    CliHarness.Result lake =
        cli.run(Stream.concat(Stream.of(args), Stream.of("--lake", "lake")).toArray(String[]::new));
    assertEquals(0, store.exitCode(), store.err());
    assertEquals(0, lake.exitCode(), lake.err());
    // the lake came from the shards, the store ran the suite again: only run ids differ
    String ids = "\\b01[0-9a-z]{12}\\b";
    assertEquals(
        store.out().replaceAll(ids, "RUN"),
        lake.out().replaceAll(ids, "RUN"),
        String.join(" ", args));
    return lake.out();
  }

  @Test
  void should_answer_from_a_lake_of_shards_as_from_one_store_that_ran_the_whole_suite()
      throws Exception {
    CliHarness cli = ScriptedSuite.in(dir);
    for (int k = 1; k <= 3; k++) {
      CliHarness.Result run =
          ScriptedSuite.shard(cli, "s" + k + ".duckdb", k + "/3", "--lake", "lake");
      assertEquals(0, run.exitCode(), run.err());
      JsonNode pushed = Json.MAPPER.readTree(run.out()).path("lake").path("partitions").get(0);
      assertEquals("s" + k, pushed.path("shard").asText());
      assertEquals("sr-1", pushed.path("suite_run").asText());
    }
    // shard 2 died and ran again: it pushes again, replacing its own files
    assertEquals(0, ScriptedSuite.shard(cli, "s2.duckdb", "2/3", "--lake", "lake").exitCode());
    CliHarness.Result whole = ScriptedSuite.run(cli, "whole.duckdb", "--attempts", "2");
    assertEquals(0, whole.exitCode(), whole.err());

    String counts =
        both(
            cli,
            "sql",
            "--format",
            "csv",
            "select task_id, attempt, status, check_status, turns, count(*) as n,"
                + " count(distinct id) as ids from runs group by all order by all");
    assertTrue(counts.contains("a,1,succeeded,pass,2,1,1"), counts);
    both(cli, "sql", "--format", "csv", "select task_id, runs, passed from tasks order by 1");
    both(cli, "sql", "--format", "csv", "select kind, count(*) from events group by 1 order by 1");
    both(
        cli,
        "sql",
        "--format",
        "csv",
        "select suite, attempts_per_task, tasks, runs from suite_runs");
    both(cli, "sql", "--format", "csv", "select tool, calls from tool_stats order by 1");
    both(cli, "failures", "--source", "check");
    Set<String> fromShards = new HashSet<>();
    for (int k = 1; k <= 3; k++) {
      fromShards.addAll(
          cli.run("runs", "--json", "--store", "s" + k + ".duckdb").out().lines().toList());
    }
    List<String> fromLake =
        cli.run("runs", "--json", "--limit", "100", "--lake", "lake").out().lines().toList();
    assertEquals(10, fromLake.size(), "every pair once, shard 2's second push replaced its first");
    assertEquals(fromShards, new HashSet<>(fromLake), "the same runs, field for field");
  }

  @Test
  void should_export_the_same_dataset_from_the_lake_as_from_the_store() throws Exception {
    CliHarness cli = ScriptedSuite.in(dir);
    CliHarness.Result run = ScriptedSuite.run(cli, "whole.duckdb");
    assertEquals(0, run.exitCode(), run.err());
    CliHarness.Result push = cli.run("lake", "push", "--store", "whole.duckdb", "--lake", "lake");
    assertEquals(0, push.exitCode(), push.err());
    assertTrue(push.out().startsWith("pushed suite_run=sr-1/shard=s0 to "), push.out());

    CliHarness.Result fromStore =
        cli.run("export", "--store", "whole.duckdb", "--format", "openai", "--out", "a");
    CliHarness.Result fromLake =
        cli.run("export", "--lake", "lake", "--format", "openai", "--out", "b");

    assertEquals(0, fromStore.exitCode(), fromStore.err());
    assertEquals(0, fromLake.exitCode(), fromLake.err());
    try (Stream<Path> files = Files.list(dir.resolve("a"))) {
      for (Path file : files.toList()) {
        assertEquals(
            Files.readString(file),
            Files.readString(dir.resolve("b").resolve(file.getFileName())),
            file.getFileName().toString());
      }
    }
  }

  @Test
  void should_refuse_both_store_and_lake_in_one_line() {
    CliHarness.Result both =
        new CliHarness(dir).run("runs", "--store", "x.duckdb", "--lake", "lake");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().startsWith("distillery: --store and --lake: give one"), both.err());
    CliHarness.Result none = new CliHarness(dir).run("runs", "--lake", "nolake");
    assertEquals(1, none.exitCode());
    assertTrue(none.err().startsWith("distillery: no lake at "), none.err());
  }
}
