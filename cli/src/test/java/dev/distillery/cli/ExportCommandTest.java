package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.export.ExportFormat;
import dev.distillery.export.ExportOptions;
import dev.distillery.export.Exporter;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  @TempDir Path dir;

  @Test
  void should_export_the_demo_runs_that_passed_their_checks_and_pair_them_for_dpo()
      throws Exception {
    CliHarness cli = new CliHarness(dir);
    assertEquals(0, cli.run("demo").exitCode());

    CliHarness.Result sft = cli.run("export", "--format", "trl-sft", "--out", "sft", "--use-check");
    CliHarness.Result dpo = cli.run("export", "--format", "trl-dpo", "--out", "dpo", "--use-check");
    CliHarness.Result raw =
        cli.run(
            "export",
            "-f",
            "raw",
            "-o",
            "raw",
            "--where",
            "task_id = 'fix-sum-script'",
            "--split",
            "train=0.5,test=0.5");

    assertEquals(0, sft.exitCode(), sft.err());
    assertTrue(sft.out().startsWith("wrote 3 rows of trl-sft"), sft.out());
    assertEquals(3, Files.readAllLines(dir.resolve("sft/train.jsonl")).size());
    assertTrue(Files.readString(dir.resolve("sft/README.md")).contains("config_name: trl-sft"));
    assertEquals(0, dpo.exitCode(), dpo.err());
    assertTrue(dpo.out().contains("2 preference pairs"), dpo.out());
    assertTrue(
        dpo.out().contains("a call to run_tests, a tool not offered  1"),
        "the demo's attempt that calls a tool it was not offered: " + dpo.out());
    assertEquals(0, raw.exitCode(), raw.err());
    assertTrue(raw.out().startsWith("wrote 2 rows of raw"), raw.out());
    long files =
        Files.list(dir.resolve("raw")).filter(p -> p.toString().endsWith(".jsonl")).count();
    assertEquals(1, files, "both attempts at one task land in one split");

    CliHarness.Result parquet =
        cli.run("export", "--format", "openai", "--as", "parquet", "--out", "pq", "--use-check");
    assertEquals(0, parquet.exitCode(), parquet.err());
    assertTrue(
        Files.isRegularFile(dir.resolve("pq/openai/train-00000-of-00001.parquet")), parquet.out());
    assertTrue(parquet.out().contains("openai/train-00000-of-00001.parquet"), parquet.out());
  }

  @Test
  void should_write_the_same_rows_from_the_conversation_alone_as_from_every_event()
      throws Exception {
    CliHarness cli = new CliHarness(dir);
    assertEquals(0, cli.run("demo").exitCode());
    List<ExportFormat> conversational =
        Arrays.stream(ExportFormat.values()).filter(f -> !f.everyEvent()).toList();

    try (DuckDbTraceStore store =
        DuckDbTraceStore.openReadOnlyForQueries(dir.resolve(StoreOption.DEFAULT_FILE))) {
      for (ExportFormat format : conversational) {
        Map<RunQuery.Reading, String> rows = new EnumMap<>(RunQuery.Reading.class);
        for (RunQuery.Reading reading : RunQuery.Reading.values()) {
          Path out = dir.resolve(format.cliName() + "-" + reading);
          ExportOptions options = ExportOptions.builder(format, out).useCheck(true).build();
          new Exporter("test")
              .export(
                  new Requeried(store, query -> query.toBuilder().reading(reading).build()),
                  RunQuery.all(),
                  options);
          rows.put(reading, Files.readString(out.resolve("train.jsonl")));
        }

        assertTrue(!rows.get(RunQuery.Reading.CONVERSATION).isEmpty(), format.cliName());
        if (format.paired()) {
          // the pairs written a task at a time from the stream equal those read run by run
          Path direct = dir.resolve(format.cliName() + "-direct");
          new Exporter("test")
              .export(
                  store,
                  store.runs(RunFilter.latest(1000)),
                  ExportOptions.builder(format, direct).useCheck(true).build());
          assertEquals(
              Files.readString(direct.resolve("train.jsonl")),
              rows.get(RunQuery.Reading.CONVERSATION),
              format.cliName());
        }
        assertEquals(
            rows.get(RunQuery.Reading.EVERY_EVENT),
            rows.get(RunQuery.Reading.CONVERSATION),
            format.cliName());
      }
    }
  }

  @Test
  void should_refuse_an_unknown_format_or_a_bad_predicate_with_one_line() {
    CliHarness cli = new CliHarness(dir);
    assertEquals(0, cli.run("demo", "--attempts", "1").exitCode());

    CliHarness.Result format = cli.run("export", "--format", "alpaca", "--out", "x");
    CliHarness.Result where =
        cli.run("export", "--format", "raw", "--out", "x", "--where", "no_such_column = 1");

    assertEquals(2, format.exitCode(), "a wrong option value is a wrong command line");
    assertTrue(format.err().startsWith("distillery: unknown format 'alpaca'"), format.err());
    assertEquals(1, where.exitCode());
    assertEquals(1, where.err().strip().lines().count(), where.err());
    assertTrue(!Files.exists(dir.resolve("x/train.jsonl")), "nothing half-written");
  }
}
