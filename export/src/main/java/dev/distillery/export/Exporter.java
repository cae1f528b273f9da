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
import dev.distillery.export.split.TaskKey;
import dev.distillery.export.write.DatasetFiles;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Turns recorded runs into a dataset: labels, selection, format, validation, redaction, splits by
 * task, files. Runs are read one at a time; their rows are made on worker threads and written in
 * the runs' order, a bounded number in flight. The preference formats pair the attempts at each
 * task and prompt: runs that come grouped that way ({@link RunOrder#GROUPED}, as a store streams
 * them) are paired a group at a time, holding one group; runs in any order are paired by ids and
 * labels first, then walked a second time to write the pairs. Either way the pairs come out in the
 * order of their task and prompt key. The same runs and options give the same bytes: nothing here
 * reads the clock or iterates a hash map into the output.
 */
public final class Exporter {
  /** How the runs given to {@link #export} are ordered. */
  public enum RunOrder {
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
   * Writes the dataset into {@code options.outDir()}: data files, README.md card, and for ShareGPT
   * dataset_info.json. Nothing is in place until everything is written.
   *
   * @param runs the selected runs, in a deterministic order (the order of rows in each split);
   *     iterated twice for the preference formats
   * @throws ExportException when the files cannot be written; nothing is left half-written
   */
  public ExportSummary export(
      TraceRepository repository, Iterable<Run> runs, ExportOptions options) {
    return export(repository, runs, options, RunOrder.ANY);
  }

  /**
   * As {@link #export(TraceRepository, Iterable, ExportOptions)}, for runs ordered as {@code order}
   * says: grouped runs let the preference formats keep one task's attempts in memory, not every
   * run's id.
   */
  public ExportSummary export(
      TraceRepository repository, Iterable<Run> runs, ExportOptions options, RunOrder order) {
    Tally tally = new Tally(options.splits().keySet());
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
        InOrder<Made> made = new InOrder<>(THREADS, "distillery-export")) {
      for (Run run : runs) {
        List<Annotation> annotations = repository.annotations(run.id());
        RunLabel label = Labels.resolve(run, annotations, options.useCheck(), options.majority());
        String reason = selection.leaveOut(run, label);
        if (reason != null) {
          tally.leftOut(reason, 1);
          continue;
        }
        tally.selected(run, label);
        if (grouped) {
          group.add(files, run, label, annotations);
        } else if (options.format().paired()) {
          pairing.add(run, label);
        } else {
          // taken now: a streaming repository answers for its current run only. Its lists may
          // decode on first use, which then happens on the worker
          List<TraceEvent> events = repository.events(run.id());
          List<Message> log = repository.messages(run.id());
          made.submit(
              () -> job.make(files, Trajectory.of(run, events, log, label, annotations)),
              done -> job.write(files, done));
        }
      }
      made.finish(done -> job.write(files, done));
      if (grouped) {
        group.flush(files);
        tally.leftOut("no preference partner", group.unpaired);
      } else if (options.format().paired()) {
        List<Pairing.Pair> pairs = pairing.pairs();
        tally.leftOut("no preference partner", pairing.offered() - 2L * pairs.size());
        writePairs(repository, runs, pairs, job, files);
      }
      Map<String, Long> redactions = job.redactor == null ? Map.of() : job.redactor.counts();
      ExportSummary written = tally.summary(options.format(), redactions, List.of());
      List<String> names = files.finish(written, tally.newest(), version);
      return tally.summary(options.format(), redactions, names);
    }
  }

  /**
   * Writes the pairs, in the order {@link Pairing#pairs} gives (so the order the runs came in does
   * not matter), from a second pass over the runs: each paired run is loaded as the pass reaches it
   * (a streaming repository answers for its current run from memory) and held until its partner
   * comes, and a complete pair until the pairs before it are written. The two attempts of a pair
   * share a task and a prompt, which a store's stream keeps together in the same order, so few are
   * held at a time. A run the second pass does not give is read from the repository.
   */
  private static void writePairs(
      TraceRepository repository,
      Iterable<Run> runs,
      List<Pairing.Pair> pairs,
      Job job,
      DatasetFiles files) {
    Map<String, Integer> pairOf = new HashMap<>();
    for (int i = 0; i < pairs.size(); i++) {
      pairOf.put(pairs.get(i).chosenRunId(), i);
      pairOf.put(pairs.get(i).rejectedRunId(), i);
    }
    Map<String, Trajectory> waiting = new HashMap<>();
    TreeMap<Integer, Trajectory[]> complete = new TreeMap<>();
    int next = 0;
    if (!pairs.isEmpty()) {
      for (Run run : runs) {
        Integer index = pairOf.get(run.id());
        if (index == null || index < next || complete.containsKey(index)) {
          continue;
        }
        Pairing.Pair pair = pairs.get(index);
        boolean chosen = pair.chosenRunId().equals(run.id());
        Trajectory loaded =
            Trajectory.load(
                repository,
                run,
                chosen ? pair.chosen() : pair.rejected(),
                repository.annotations(run.id()));
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
   * The attempts at one task and prompt, loaded as they come ({@link RunOrder#GROUPED}: a streaming
   * repository answers for its current run only); paired and written when the next group starts.
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

    void add(DatasetFiles files, Run run, RunLabel label, List<Annotation> annotations) {
      String runKey = TaskKey.withPrompt(run.spec());
      if (!runKey.equals(key)) {
        flush(files);
        key = runKey;
      }
      if (label.value() != null) {
        pairing.add(run, label);
        List<TraceEvent> events = job.repository().events(run.id());
        List<Message> log = job.repository().messages(run.id());
        loaded.put(run.id(), () -> Trajectory.of(run, events, log, label, annotations));
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
  private record Made(DatasetFiles.Encoded row, String split, String label, String refused) {}

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
        return new Made(null, null, null, e.reason());
      }
      if (redactor != null) {
        redactor.redact(row);
      }
      return new Made(
          files.encode(row), splitter.splitOf(run.taskKey()), run.label().countKey(), null);
    }

    /** Writes a made row, or counts its refusal; in the order the runs came. */
    void write(DatasetFiles files, Made made) {
      if (made.refused() != null) {
        tally.skipped(made.refused());
        return;
      }
      files.write(made.split(), made.row());
      tally.written(made.split(), made.label(), false);
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
      tally.written(split, "pair", true);
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
