package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.LatestLabels;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery labels}: every author's current label of every run and step (withdrawn ones
 * left out), with its tags and comment, as a file {@code distillery label --import} reads back.
 */
@Command(
    name = "labels",
    mixinStandardHelpOptions = true,
    description = {
      "Write every author's current labels to a file.",
      "JSONL or CSV, with tags and comments, as 'distillery label --import' reads them.",
      "Beside a running serve, from a snapshot."
    })
final class LabelsCommand implements Callable<Integer> {
  private static final int PAGE = 500;

  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write here (default: stdout); .csv is CSV, anything else JSONL.")
  Path outFile;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "jsonl or csv (default: by --out's extension, else jsonl).")
  LabelFile.Format format;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    List<Annotation> labels;
    try (DuckDbTraceStore store = Stores.forReading(storeOption.resolve(root.context), err)) {
      labels = current(store);
    }
    LabelFile.Format written =
        format != null
            ? format
            : outFile != null ? LabelFile.Format.of(outFile.toString()) : LabelFile.Format.JSONL;
    String text = LabelFile.write(labels, written);
    if (outFile == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      return ExitCode.OK;
    }
    Path file = root.context.cwd().resolve(outFile);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    err.println(
        "wrote " + labels.size() + (labels.size() == 1 ? " label" : " labels") + " to " + outFile);
    err.flush();
    return ExitCode.OK;
  }

  /** Each run's current labels, the run's own first, then its steps', each by author. */
  static List<Annotation> current(DuckDbTraceStore store) {
    List<String> ids =
        store.runs(RunFilter.latest(Integer.MAX_VALUE)).stream().map(Run::id).toList();
    List<Annotation> labels = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += PAGE) {
      Map<String, List<Annotation>> byRun =
          store.annotationsOf(ids.subList(from, Math.min(ids.size(), from + PAGE)));
      for (String id : ids.subList(from, Math.min(ids.size(), from + PAGE))) {
        List<Annotation> annotations = byRun.getOrDefault(id, List.of());
        Set<String> steps = new LinkedHashSet<>();
        steps.add(null);
        annotations.stream()
            .filter(a -> a.label() != null && a.eventId() != null)
            .forEach(a -> steps.add(a.eventId()));
        for (String step : steps) {
          labels.addAll(LatestLabels.of(annotations, step).values());
        }
      }
    }
    return labels;
  }
}
