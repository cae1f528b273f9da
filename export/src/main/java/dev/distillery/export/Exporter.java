package dev.distillery.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.export.format.AtifFormat;
import dev.distillery.export.format.InvalidRowException;
import dev.distillery.export.format.OpenAiFormats;
import dev.distillery.export.format.RawFormat;
import dev.distillery.export.format.RowFormat;
import dev.distillery.export.format.ShareGptFormat;
import dev.distillery.export.format.TrlFormats;
import dev.distillery.export.redact.Redactor;
import dev.distillery.export.select.Labels;
import dev.distillery.export.select.Pairing;
import dev.distillery.export.select.RunLabel;
import dev.distillery.export.select.Selection;
import dev.distillery.export.split.Splitter;
import dev.distillery.export.write.DatasetFiles;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Rater;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunQuery;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.TaskKey;
import dev.distillery.trace.TraceRepository;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns recorded runs into a dataset: labels, selection, format, validation, redaction, splits by
 * task, files. Runs come whole ({@link RunTrace}) from the repository's stream, one at a time;
 * their rows are made on worker threads and written in the runs' order, a bounded number in flight.
 * The exporter asks for the runs with a typed query ({@link RunQuery}): those the person chose, in
 * task-key order, the contents only of runs the dataset can take. So the preference formats pair
 * the attempts at each task and prompt a group at a time, holding one group. Runs handed over as a
 * list, in any order, are paired by ids and labels first, then walked a second time to write the
 * pairs. Either way the pairs come out in the order of their task and prompt key. The same runs and
 * options give the same bytes: nothing here reads the clock or iterates a hash map into the output.
 */
public final class Exporter {
  /** Told of the runs an export reads, as it reads them. */
  public interface Progress {
    Progress NONE = new Progress() {};

    /**
     * One more run read: {@code runs} so far in this pass over the runs, pass 0; pass 1 when runs
     * given in any order are walked again to write the preference pairs.
     */
    default void read(int pass, long runs) {}

    /** A pass over the runs has ended. */
    default void passEnded(int pass) {}
  }

  /** How the runs an export reads are ordered. */
  private enum RunOrder {
    /** Any order: the preference formats hold every labelled run's id until all have come. */
    ANY,
    /**
     * The attempts at each task and prompt ({@link TaskKey#withPrompt}) come one after another, in
     * the order of that key: pairs are made and written as each group ends.
     */
    GROUPED
  }

  private final String version;

  /**
   * @param version the exporter's version, written on the dataset card and in ATIF's agent
   */
  public Exporter(String version) {
    this.version = version;
  }

  public Exporter() {
    this("dev");
  }

  /**
   * Writes the dataset of the runs {@code runs} selects into {@code options.outDir()}: data files,
   * README.md card, and for ShareGPT dataset_info.json. Nothing is in place until everything is
   * written. The query's content, reading and order are the exporter's to set.
   *
   * @throws ExportException when the files cannot be written; nothing is left half-written
   */
  public ExportSummary export(TraceRepository repository, RunQuery runs, ExportOptions options) {
    return export(repository, runs, options, Progress.NONE);
  }

  /** As {@link #export(TraceRepository, RunQuery, ExportOptions)}, telling {@code progress}. */
  public ExportSummary export(
      TraceRepository repository, RunQuery runs, ExportOptions options, Progress progress) {
    return write(
        repository,
        () -> repository.traces(query(runs, options)),
        options,
        RunOrder.GROUPED,
        progress);
  }

  /**
   * The query an export of {@code runs} reads: in task-key order, as much of each run as the format
   * needs, events and messages only for runs the dataset can take ({@link Selection#content}).
   */
  public static RunQuery query(RunQuery runs, ExportOptions options) {
    return runs.toBuilder()
        .content(new Selection(options).content())
        .reading(
            options.format().everyEvent()
                ? RunQuery.Reading.EVERY_EVENT
                : RunQuery.Reading.CONVERSATION)
        .order(RunQuery.Order.TASK_KEY)
        .build();
  }

  /**
   * As {@link #export(TraceRepository, RunQuery, ExportOptions)}, for these runs in this order (the
   * order of rows in each split), each read from the repository as it comes; walked twice for the
   * preference formats.
   */
  public ExportSummary export(
      TraceRepository repository, Iterable<Run> runs, ExportOptions options) {
    return write(
        repository,
        () ->
            StreamSupport.stream(runs.spliterator(), false)
                .map(run -> RunTrace.read(repository, run)),
        options,
        RunOrder.ANY,
        Progress.NONE);
  }

  private ExportSummary write(
      TraceRepository repository,
      Supplier<Stream<RunTrace>> traces,
      ExportOptions options,
      RunOrder order,
      Progress progress) {
    List<JudgeTrust> judges = JudgeTrust.measure(repository, options);
    Tally tally = new Tally(options.splits().keySet(), judges);
    Job job =
        new Job(
            repository,
            format(options, version),
            options.redact() ? Redactor.standard(options.extraPatterns()) : null,
            new Splitter(options.splits(), options.seed()),
            tally);
    Selection selection = new Selection(options);
    Pairing pairing = new Pairing();
    boolean grouped = options.format().paired() && order == RunOrder.GROUPED;
    PairGroup group = new PairGroup(job);
    try (DatasetFiles files = DatasetFiles.open(options);
        InOrder<Made> made = new InOrder<>(THREADS, "distillery-export");
        Stream<RunTrace> stream = traces.get()) {
      long read = 0;
      List<Rater> labelOrder = options.labelOrder();
      for (Iterator<RunTrace> each = stream.iterator(); each.hasNext(); ) {
        RunTrace trace = each.next();
        progress.read(0, ++read);
        Run run = trace.run();
        List<Annotation> annotations = trace.annotations();
        RunLabel label = Labels.resolve(run, annotations, labelOrder, options.majority());
        String reason = selection.leaveOut(run, label);
        if (reason != null) {
          tally.leftOut(reason, 1);
          continue;
        }
        tally.selected(run, label);
        if (grouped) {
          group.add(files, trace, label);
        } else if (options.format().paired()) {
          pairing.add(run, label);
        } else {
          // the lists may decode on first use, which then happens on the worker
          made.submit(
              () ->
                  job.make(
                      files,
                      Trajectory.of(run, trace.events(), trace.messages(), label, annotations)),
              done -> job.write(files, done));
        }
      }
      progress.passEnded(0);
      made.finish(done -> job.write(files, done));
      if (grouped) {
        group.flush(files);
        tally.leftOut("no preference partner", group.unpaired);
      } else if (options.format().paired()) {
        List<Pairing.Pair> pairs = pairing.pairs();
        tally.leftOut("no preference partner", pairing.offered() - 2L * pairs.size());
        writePairs(traces, pairs, job, files, progress);
      }
      Map<String, Long> redactions = job.redactor == null ? Map.of() : job.redactor.counts();
      ExportSummary written = tally.summary(options.format(), redactions, List.of());
      List<String> names = files.finish(written, tally.newest(), version);
      return tally.summary(options.format(), redactions, names);
    }
  }

  /**
   * Writes the pairs, in the order {@link Pairing#pairs} gives (so the order the runs came in does
   * not matter), from a second pass over the runs: each paired run is taken as the pass reaches it
   * and held until its partner comes, and a complete pair until the pairs before it are written. A
   * run the second pass does not give is read from the repository.
   */
  private static void writePairs(
      Supplier<Stream<RunTrace>> traces,
      List<Pairing.Pair> pairs,
      Job job,
      DatasetFiles files,
      Progress progress) {
    Map<String, Integer> pairOf = new HashMap<>();
    for (int i = 0; i < pairs.size(); i++) {
      pairOf.put(pairs.get(i).chosenRunId(), i);
      pairOf.put(pairs.get(i).rejectedRunId(), i);
    }
    Map<String, Trajectory> waiting = new HashMap<>();
    TreeMap<Integer, Trajectory[]> complete = new TreeMap<>();
    int next = 0;
    if (!pairs.isEmpty()) {
      try (Stream<RunTrace> stream = traces.get()) {
        long read = 0;
        for (Iterator<RunTrace> each = stream.iterator(); each.hasNext(); ) {
          RunTrace trace = each.next();
          progress.read(1, ++read);
          Run run = trace.run();
          Integer index = pairOf.get(run.id());
          if (index == null || index < next || complete.containsKey(index)) {
            continue;
          }
          Pairing.Pair pair = pairs.get(index);
          boolean chosen = pair.chosenRunId().equals(run.id());
          Trajectory loaded =
              Trajectory.of(
                  run,
                  trace.events(),
                  trace.messages(),
                  chosen ? pair.chosen() : pair.rejected(),
                  trace.annotations());
          Trajectory partner = waiting.remove(chosen ? pair.rejectedRunId() : pair.chosenRunId());
          if (partner == null) {
            waiting.put(run.id(), loaded);
            continue;
          }
          complete.put(
              index,
              chosen ? new Trajectory[] {loaded, partner} : new Trajectory[] {partner, loaded});
          while (complete.containsKey(next)) {
            Trajectory[] both = complete.remove(next++);
            job.pair(files, both[0], both[1]);
          }
        }
      }
      progress.passEnded(1);
    }
    for (; next < pairs.size(); next++) {
      Trajectory[] both = complete.remove(next);
      if (both == null) {
        Pairing.Pair pair = pairs.get(next);
        Trajectory chosen = waiting.remove(pair.chosenRunId());
        Trajectory rejected = waiting.remove(pair.rejectedRunId());
        both =
            new Trajectory[] {
              chosen != null ? chosen : job.load(pair.chosenRunId(), pair.chosen()),
              rejected != null ? rejected : job.load(pair.rejectedRunId(), pair.rejected())
            };
      }
      job.pair(files, both[0], both[1]);
    }
  }

  /**
   * The attempts at one task and prompt, kept as they come ({@link RunOrder#GROUPED}); paired and
   * written when the next group starts.
   */
  private static final class PairGroup {
    private final Job job;
    private String key;
    private Pairing pairing = new Pairing();
    // each attempt's contents as the repository gave them, decoded only if the run is paired
    private final Map<String, Supplier<Trajectory>> loaded = new HashMap<>();
    private long unpaired;

    PairGroup(Job job) {
      this.job = job;
    }

    void add(DatasetFiles files, RunTrace trace, RunLabel label) {
      Run run = trace.run();
      String runKey = TaskKey.withPrompt(run.spec());
      if (!runKey.equals(key)) {
        flush(files);
        key = runKey;
      }
      if (label.value() != null) {
        pairing.add(run, label);
        loaded.put(
            run.id(),
            () -> Trajectory.of(run, trace.events(), trace.messages(), label, trace.annotations()));
      }
    }

    void flush(DatasetFiles files) {
      List<Pairing.Pair> pairs = pairing.pairs();
      for (Pairing.Pair pair : pairs) {
        job.pair(
            files, loaded.get(pair.chosenRunId()).get(), loaded.get(pair.rejectedRunId()).get());
      }
      unpaired += pairing.offered() - 2L * pairs.size();
      pairing = new Pairing();
      loaded.clear();
    }
  }

  private static RowFormat format(ExportOptions options, String version) {
    return switch (options.format()) {
      case OPENAI -> OpenAiFormats.sft(options.trainOnAll());
      case OPENAI_DPO -> OpenAiFormats.dpo();
      case TRL_SFT -> TrlFormats.sft();
      case TRL_KTO -> TrlFormats.kto();
      case TRL_DPO -> TrlFormats.dpo();
      case SHAREGPT -> new ShareGptFormat();
      case ATIF -> new AtifFormat(version);
      case RAW -> new RawFormat();
    };
  }

  /**
   * Threads that make rows (load, format, validate, redact, encode) while this one reads runs and
   * writes the rows in order.
   */
  private static final int THREADS =
      Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

  /** A row ready for its split's file, or the reason its run was refused. */
  private record Made(
      DatasetFiles.Encoded row, String split, String label, String source, String refused) {}

  /** One export's fixed parts: where rows come from, how they are made, where they go. */
  private record Job(
      TraceRepository repository,
      RowFormat format,
      Redactor redactor,
      Splitter splitter,
      Tally tally) {

    /** A run's row made ready for its file, or the reason it was refused; any thread. */
    Made make(DatasetFiles files, Trajectory run) {
      ObjectNode row;
      try {
        row = format.single(run);
      } catch (InvalidRowException e) {
        return new Made(null, null, null, null, e.reason());
      }
      if (redactor != null) {
        redactor.redact(row);
      }
      return new Made(
          files.encode(row),
          splitter.splitOf(run.taskKey()),
          run.label().countKey(),
          run.label().source().wire(),
          null);
    }

    /** Writes a made row, or counts its refusal; in the order the runs came. */
    void write(DatasetFiles files, Made made) {
      if (made.refused() != null) {
        tally.skipped(made.refused());
        return;
      }
      files.write(made.split(), made.row());
      tally.written(made.split(), made.label(), false, List.of(made.source()));
    }

    void pair(DatasetFiles files, Trajectory chosen, Trajectory rejected) {
      ObjectNode row;
      try {
        if (!chosen.prompt().equals(rejected.prompt())) {
          throw new InvalidRowException("chosen and rejected prompts differ");
        }
        row = format.pair(chosen, rejected);
      } catch (InvalidRowException e) {
        tally.skipped(e.reason());
        return;
      }
      if (redactor != null) {
        redactor.redact(row);
      }
      String split = splitter.splitOf(chosen.taskKey());
      files.write(split, row);
      tally.written(
          split,
          "pair",
          true,
          List.of(chosen.label().source().wire(), rejected.label().source().wire()));
    }

    Trajectory load(String runId, RunLabel label) {
      Run run =
          repository
              .run(runId)
              .orElseThrow(() -> new ExportException("run " + runId + " is gone from the store"));
      return Trajectory.load(repository, run, label, repository.annotations(runId));
    }
  }
}
