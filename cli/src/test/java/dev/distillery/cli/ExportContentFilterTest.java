package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.export.ExportFormat;
import dev.distillery.export.ExportOptions;
import dev.distillery.export.ExportSummary;
import dev.distillery.export.Exporter;
import dev.distillery.export.select.Selection;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream reads events and messages only for runs a dataset can take ({@link
 * Selection#content}); every dataset must come out as when every run is read in full.
 */
class ExportContentFilterTest {
  @TempDir Path dir;

  @Test
  void should_write_the_same_dataset_and_counts_whether_or_not_left_out_runs_are_read()
      throws Exception {
    Path file = labelledDemo();
    int compared = 0;
    int filtered = 0;
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnlyForQueries(file)) {
      for (ExportFormat format : ExportFormat.values()) {
        for (String label : List.of("any", "correct", "incorrect")) {
          for (boolean useCheck : List.of(false, true)) {
            for (boolean incorrectToo : List.of(false, true)) {
              String name = format.cliName() + "-" + label + "-" + useCheck + "-" + incorrectToo;
              Function<String, ExportOptions> options =
                  suffix ->
                      ExportOptions.builder(format, dir.resolve(name + suffix))
                          .label(label)
                          .useCheck(useCheck)
                          .includeIncorrectInSft(incorrectToo)
                          .generatedAt(Instant.parse("2026-11-29T00:00:00Z"))
                          .build();
              ExportOptions withFilter = options.apply("-filtered");
              ExportOptions whole = options.apply("-whole");
              if (new Selection(withFilter).content() != null) {
                filtered++;
              }
              // a run whose contents the filter left out refuses to be read: the export fails
              ExportSummary a = new Exporter("test").export(store, RunQuery.all(), withFilter);
              ExportSummary b =
                  new Exporter("test")
                      .export(
                          new Requeried(store, query -> query.toBuilder().content(null).build()),
                          RunQuery.all(),
                          whole);
              assertEquals(b, a, name);
              assertEquals(files(whole.outDir()), files(withFilter.outDir()), name);
              compared++;
            }
          }
        }
      }
    }
    assertEquals(ExportFormat.values().length * 12, compared);
    assertTrue(filtered > compared / 2, "most of these datasets leave runs out: " + filtered);
  }

  /**
   * The demo's runs (checks that pass and fail), with human labels that agree with the check,
   * overrule it, disagree with each other, and one that labels a step, not the run.
   */
  private Path labelledDemo() {
    assertEquals(0, new CliHarness(dir).run("demo").exitCode());
    Path file = dir.resolve(StoreOption.DEFAULT_FILE);
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      List<Run> runs = store.runs(RunFilter.latest(1000));
      Run passed = first(runs, CheckStatus.PASS, 0);
      Run failed = first(runs, CheckStatus.FAIL, 0);
      Run disputed = first(runs, CheckStatus.FAIL, 1);
      Run stepOnly = first(runs, CheckStatus.PASS, 1);
      Instant t = Instant.parse("2026-11-29T10:00:00Z");
      store.annotate(note("a1", passed, null, "ann", "incorrect", t));
      store.annotate(note("a2", failed, null, "bob", "correct", t));
      store.annotate(note("a3", disputed, null, "ann", "correct", t));
      store.annotate(note("a4", disputed, null, "bob", "incorrect", t.plusSeconds(1)));
      String step = store.events(stepOnly.id()).get(1).id();
      store.annotate(note("a5", stepOnly, step, "ann", "correct", t));
    }
    return file;
  }

  private static Run first(List<Run> runs, CheckStatus status, int skip) {
    return runs.stream()
        .filter(r -> r.check() != null && r.check().status() == status)
        .skip(skip)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("the demo has too few runs whose check is " + status));
  }

  private static Annotation note(
      String id, Run run, String eventId, String author, String label, Instant at) {
    return new Annotation(id, run.id(), eventId, author, label, List.of(), null, at);
  }

  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> contents = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return contents;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.filter(Files::isRegularFile).toList()) {
        contents.put(root.relativize(path).toString(), Files.readString(path));
      }
    }
    return contents;
  }
}
