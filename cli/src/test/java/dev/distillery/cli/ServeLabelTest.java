package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery label} and {@code labels} while a real {@code distillery serve} holds the
 * store.
 */
class ServeLabelTest {
  @TempDir Path dir;
  Serving serving;

  @AfterEach
  void stop() {
    if (serving != null) {
      serving.close();
    }
  }

  private Path store() {
    return dir.resolve("distillery.duckdb");
  }

  private CliHarness.Result cli(String... args) {
    return new CliHarness(dir).env("USER", "bob").run(args);
  }

  @Test
  void should_label_import_and_export_through_serve_as_the_named_author() throws Exception {
    assertEquals(0, cli("demo", "--attempts", "1").exitCode());
    List<Run> runs;
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(store())) {
      runs = store.runs(RunFilter.latest(100));
    }
    String run = runs.get(0).id();
    serving =
        Serving.start(
            store(),
            "127.0.0.1",
            0,
            new AnnotateOptions("server-user", "s3cret-token"),
            new PrintWriter(new StringWriter()));

    CliHarness.Result alice = cli("label", run, "correct", "--author", "alice", "--tag", "slow");
    assertEquals(0, alice.exitCode(), alice.err());
    assertTrue(alice.err().contains("labelling through distillery serve at " + serving.url()));
    assertEquals("labelled run " + run + " correct as alice", alice.out().strip());
    assertEquals(0, cli("label", run, "incorrect").exitCode());
    CliHarness.Result clear = cli("label", run, "--clear");
    assertEquals("withdrew bob's label of run " + run, clear.out().strip(), clear.err());

    Files.writeString(
        dir.resolve("in.csv"),
        "run,label,author\n" + runs.get(1).id() + ",incorrect,carol\n" + "nope,correct,carol\n");
    CliHarness.Result bad = cli("label", "--import", "in.csv");
    assertEquals(ExitCode.ERROR, bad.exitCode());
    assertTrue(bad.err().endsWith("distillery: line 3: no run nope\n"), bad.err());
    Files.writeString(
        dir.resolve("in.csv"), "run,label,author\n" + runs.get(1).id() + ",incorrect,carol\n");
    assertEquals("imported 1 label from in.csv", cli("label", "--import", "in.csv").out().strip());
    assertEquals(
        "imported 0 labels from in.csv (1 already there)",
        cli("label", "--import", "in.csv").out().strip());

    CliHarness.Result out = cli("labels", "--out", "all.csv");
    assertEquals(0, out.exitCode(), out.err());
    assertTrue(out.err().contains("reading a snapshot from distillery serve"), out.err());
    List<String> lines = Files.readAllLines(dir.resolve("all.csv"));
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(
        lines.get(1).contains(",alice,correct,slow,")
            || lines.get(2).contains(",alice,correct,slow,"),
        lines.toString());

    serving.close();
    serving = null;
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(store())) {
      assertEquals(
          List.of("alice correct", "bob incorrect", "bob " + Annotation.WITHDRAWN),
          store.annotations(run).stream().map(a -> a.author() + " " + a.label()).toList());
    }
  }
}
