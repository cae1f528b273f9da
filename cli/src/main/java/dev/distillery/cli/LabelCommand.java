package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.annotate.Annotator;
import dev.distillery.annotate.LabelRow;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.DistilleryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery label}: one label of a run (or a step), a withdrawal, or a whole file of
 * labels; into the store, or through the {@code distillery serve} that holds it.
 */
@Command(
    name = "label",
    mixinStandardHelpOptions = true,
    description = {
      "Label a run correct or incorrect, or import a file of labels.",
      "As the browser does: a new annotation; the history stays.",
      "--clear withdraws your label. --import FILE records a JSONL or CSV file,",
      "checked whole before anything is written; rows already there are skipped.",
      "While distillery serve holds the store, the label goes through it."
    })
final class LabelCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;

  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "A run id or prefix.")
  String run;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "LABEL",
      description = "correct or incorrect.")
  String label;

  @Option(names = "--tag", paramLabel = "TAG", description = "A failure tag (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--comment", paramLabel = "TEXT", description = "A comment.")
  String comment;

  @Option(
      names = "--author",
      paramLabel = "NAME",
      description = "Whose label it is (default: $USER, as serve's --user).")
  String author;

  @Option(names = "--step", paramLabel = "EVENT", description = "Label this event of the run.")
  String step;

  @Option(names = "--clear", description = "Withdraw your label of the run (or of --step).")
  boolean clear;

  @Option(
      names = "--import",
      paramLabel = "FILE",
      description = "Record every row of a JSONL or CSV label file (see 'distillery labels').")
  Path importFile;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "The --import file's format: jsonl or csv (default: by its extension).")
  LabelFile.Format format;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (importFile != null) {
      requireAlone();
      List<LabelRow> rows = readFile();
      Annotator.Imported imported = importRows(rows);
      out.println(
          "imported "
              + imported.added()
              + (imported.added() == 1 ? " label from " : " labels from ")
              + importFile
              + (imported.skipped() == 0 ? "" : " (" + imported.skipped() + " already there)"));
      return ExitCode.OK;
    }
    LabelRow row = single();
    Annotation annotation = record(row);
    out.println(
        (annotation.withdrawal() ? "withdrew " + annotation.author() + "'s label of" : "labelled")
            + " run "
            + annotation.runId()
            + (annotation.eventId() == null ? "" : " step " + annotation.eventId())
            + (annotation.withdrawal()
                ? ""
                : " " + annotation.label() + " as " + annotation.author()));
    return ExitCode.OK;
  }

  private LabelRow single() {
    if (run == null) {
      throw new UsageException("give a RUN and a LABEL, or --import FILE");
    }
    if (clear == (label != null)) {
      throw new UsageException(
          clear ? "give a LABEL or --clear, not both" : "give a LABEL: correct or incorrect");
    }
    if (clear && !tags.isEmpty()) {
      throw new UsageException("--clear takes no --tag: a withdrawal carries no tags");
    }
    if (label != null && label.equals(Annotation.WITHDRAWN)) {
      throw new UsageException("to withdraw a label, use --clear");
    }
    return new LabelRow(
        0, run, clear ? Annotation.WITHDRAWN : label, tags, comment, author(), step);
  }

  private void requireAlone() {
    if (run != null
        || label != null
        || !tags.isEmpty()
        || comment != null
        || step != null
        || clear) {
      throw new UsageException(
          "--import takes the runs and labels from its file: no RUN, LABEL, --tag, --comment,"
              + " --step or --clear");
    }
  }

  private String author() {
    return author != null ? author : root.context.env().getOrDefault("USER", "annotator");
  }

  private List<LabelRow> readFile() throws IOException {
    Path file = root.context.cwd().resolve(importFile);
    if (!Files.isRegularFile(file)) {
      throw new DistilleryException("no label file " + importFile);
    }
    LabelFile.Format read = format != null ? format : LabelFile.Format.of(file.toString());
    List<LabelRow> rows = LabelFile.read(Files.readString(file, StandardCharsets.UTF_8), read);
    if (author == null) {
      return rows;
    }
    // --author names the author of rows that name none
    return rows.stream()
        .map(
            r ->
                r.author() != null && !r.author().isBlank()
                    ? r
                    : new LabelRow(
                        r.line(), r.run(), r.label(), r.tags(), r.comment(), author, r.step()))
        .toList();
  }

  private Annotation record(LabelRow row) throws InterruptedException {
    return withStore(
        store -> new Annotator(store, Clock.systemUTC()).add(row),
        client -> LabelWire.annotation(client.annotate(row.run(), LabelWire.body(row))));
  }

  private Annotator.Imported importRows(List<LabelRow> rows) throws InterruptedException {
    return withStore(
        store -> new Annotator(store, Clock.systemUTC()).importRows(rows),
        client -> {
          JsonNode answer = client.importLabels(rows.stream().map(LabelWire::row).toList());
          return new Annotator.Imported(
              answer.path("added").asInt(), answer.path("skipped").asInt());
        });
  }

  private <T> T withStore(
      Stores.Work<DuckDbTraceStore, T> here, Stores.Work<IngestClient, T> served)
      throws InterruptedException {
    return Stores.withStore(
        storeOption.resolve(root.context), spec.commandLine().getErr(), "labelling", here, served);
  }
}
