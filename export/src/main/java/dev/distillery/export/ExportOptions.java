package dev.distillery.export;

import dev.distillery.trace.Rater;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How to export. Build with {@link #builder(ExportFormat, Path)}.
 *
 * @param label which labels to keep: {@code correct}, {@code incorrect} or {@code any}
 * @param useCheck when a run has no human label, take the check (pass = correct, fail = incorrect)
 * @param conflicts annotators disagreeing: skip the run, or take the majority (a tie is skipped)
 * @param trainOn which assistant turns are trained (OpenAI {@code weight})
 * @param splits split name to fraction, in order; fractions add up to 1
 * @param redact apply the built-in secret patterns and {@code extraPatterns}
 * @param includeIncorrectInSft let SFT formats take runs that are not labelled correct
 * @param includeIncomplete let the training formats (SFT, DPO, KTO) take runs whose answer was cut
 *     by the length limit (outcome {@code truncated}) or empty ({@code empty_answer}); left out by
 *     default whatever their label
 * @param labels which label sources count and in which order, the first that has a label winning
 *     ({@code human}, {@code judge}, {@code judge:<model>}, {@code check}); null for the default,
 *     people alone. {@code useCheck} adds the check at the end when it is not there
 * @param minJudgeKappa use a judge's labels only when its Cohen's κ against people, over the runs
 *     of the store both labelled, is at least this; null to use them unmeasured
 * @param filters how the caller chose the runs, written on the dataset card
 * @param generatedAt the date on the dataset card; null writes the newest run's end instead. The
 *     exporter never reads the clock, so the same store and options give the same bytes.
 */
public record ExportOptions(
    ExportFormat format,
    Container container,
    Path outDir,
    String label,
    boolean useCheck,
    Conflicts conflicts,
    TrainOn trainOn,
    Map<String, Double> splits,
    long seed,
    boolean redact,
    List<String> extraPatterns,
    boolean includeIncorrectInSft,
    boolean includeIncomplete,
    List<Rater> labels,
    Double minJudgeKappa,
    Map<String, String> filters,
    Instant generatedAt) {

  /** The file type of the data files. */
  public enum Container {
    /** {@code <split>.jsonl}, one object a line. */
    JSONL,
    /** {@code <config>/<split>-00000-of-00001.parquet}, ZSTD, 3-level lists. */
    PARQUET;

    public static Container fromCli(String name) {
      return parse(Container.class, name, "--as", "jsonl or parquet");
    }
  }

  /** What to do with a run whose annotators' latest labels differ. */
  public enum Conflicts {
    SKIP,
    MAJORITY;

    public static Conflicts fromCli(String name) {
      return parse(Conflicts.class, name, "--conflicts", "skip or majority");
    }
  }

  /** Which assistant messages carry OpenAI {@code weight} 1. */
  public enum TrainOn {
    FINAL,
    ALL;

    public static TrainOn fromCli(String name) {
      return parse(TrainOn.class, name, "--train-on", "final or all");
    }
  }

  public ExportOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(conflicts, "conflicts");
    Objects.requireNonNull(trainOn, "trainOn");
    label = label == null ? "any" : label;
    if (!List.of("correct", "incorrect", "any").contains(label)) {
      throw new ExportException("--label must be correct, incorrect or any, not " + label);
    }
    splits = checkedSplits(splits);
    extraPatterns = extraPatterns == null ? List.of() : List.copyOf(extraPatterns);
    for (String pattern : extraPatterns) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new ExportException(
            "--redact '" + pattern + "' is not a valid regex: " + e.getDescription());
      }
    }
    labels = labels == null ? null : checkedLabels(labels);
    if (minJudgeKappa != null) {
      if (!(minJudgeKappa >= -1 && minJudgeKappa <= 1)) {
        throw new ExportException(
            "--min-judge-kappa must be between -1 and 1, not " + minJudgeKappa);
      }
      if (labels == null || labels.stream().noneMatch(Rater::judge)) {
        throw new ExportException(
            "--min-judge-kappa needs a judge among the label sources: add judge to --labels");
      }
    }
    filters =
        filters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(filters));
  }

  /**
   * The label sources in the order they are asked: {@link #labels}, or people alone; then the check
   * when {@link #useCheck} and it is not named.
   */
  public List<Rater> labelOrder() {
    List<Rater> order = new ArrayList<>(labels == null ? List.of(Rater.PEOPLE) : labels);
    if (useCheck && !order.contains(Rater.CHECK)) {
      order.add(Rater.CHECK);
    }
    return List.copyOf(order);
  }

  /** Parses {@code human,judge,check}: sources that can label a run for export. */
  public static List<Rater> parseLabels(String text) {
    List<Rater> sources = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        sources.add(Rater.parse(part));
      } catch (IllegalArgumentException e) {
        throw new ExportException("--labels: " + e.getMessage());
      }
    }
    return checkedLabels(sources);
  }

  private static List<Rater> checkedLabels(List<Rater> sources) {
    if (sources.isEmpty()) {
      throw new ExportException("--labels names no source: use human, judge, judge:<model>, check");
    }
    for (Rater source : sources) {
      if (source.kind() == Rater.Kind.PERSON) {
        throw new ExportException(
            "--labels takes human, judge, judge:<model> and check, not '"
                + source.name()
                + "' (people count together as human)");
      }
      if (sources.indexOf(source) != sources.lastIndexOf(source)) {
        throw new ExportException("--labels names " + source.name() + " twice");
      }
    }
    return List.copyOf(sources);
  }

  /** Defaults: any label, no check, skip conflicts, final turn, one train split, redaction on. */
  public static ExportOptions of(ExportFormat format, Path outDir) {
    return builder(format, outDir).build();
  }

  public static Builder builder(ExportFormat format, Path outDir) {
    return new Builder(format, outDir);
  }

  public boolean parquet() {
    return container == Container.PARQUET;
  }

  public boolean majority() {
    return conflicts == Conflicts.MAJORITY;
  }

  public boolean trainOnAll() {
    return trainOn == TrainOn.ALL;
  }

  /** Parses {@code train=0.9,test=0.1}. */
  public static Map<String, Double> parseSplits(String text) {
    Map<String, Double> splits = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] pair = part.strip().split("=");
      if (pair.length != 2 || !pair[0].strip().matches("[A-Za-z0-9_-]+")) {
        throw new ExportException(
            "--split wants name=fraction pairs like train=0.9,test=0.1, not " + text);
      }
      try {
        if (splits.put(pair[0].strip(), Double.parseDouble(pair[1].strip())) != null) {
          throw new ExportException("--split names " + pair[0].strip() + " twice");
        }
      } catch (NumberFormatException e) {
        throw new ExportException("--split: '" + pair[1] + "' is not a number");
      }
    }
    return splits;
  }

  private static Map<String, Double> checkedSplits(Map<String, Double> splits) {
    if (splits == null || splits.isEmpty()) {
      return Map.of("train", 1.0);
    }
    double total = 0;
    for (Map.Entry<String, Double> split : splits.entrySet()) {
      if (!split.getKey().matches("[A-Za-z0-9_-]+")) {
        throw new ExportException("split names are letters, digits, _ and -, not " + split);
      }
      if (split.getValue() == null || !(split.getValue() >= 0)) {
        throw new ExportException("split fractions must be >= 0, not " + split);
      }
      total += split.getValue();
    }
    if (Math.abs(total - 1.0) > 1e-6) {
      throw new ExportException("split fractions must add up to 1, not " + total);
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(splits));
  }

  private static <E extends Enum<E>> E parse(
      Class<E> type, String name, String option, String allowed) {
    try {
      return Enum.valueOf(type, name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ExportException(option + " must be " + allowed + ", not " + name);
    }
  }

  /** Every option but format and folder has a default; see {@link ExportOptions#of}. */
  public static final class Builder {
    private final ExportFormat format;
    private final Path outDir;
    private Container container = Container.JSONL;
    private String label = "any";
    private boolean useCheck;
    private Conflicts conflicts = Conflicts.SKIP;
    private TrainOn trainOn = TrainOn.FINAL;
    private Map<String, Double> splits = Map.of("train", 1.0);
    private long seed;
    private boolean redact = true;
    private List<String> extraPatterns = List.of();
    private boolean includeIncorrectInSft;
    private boolean includeIncomplete;
    private List<Rater> labels;
    private Double minJudgeKappa;
    private Map<String, String> filters = Map.of();
    private Instant generatedAt;

    private Builder(ExportFormat format, Path outDir) {
      this.format = format;
      this.outDir = outDir;
    }

    public Builder container(Container value) {
      container = value;
      return this;
    }

    public Builder label(String value) {
      label = value;
      return this;
    }

    public Builder useCheck(boolean value) {
      useCheck = value;
      return this;
    }

    public Builder conflicts(Conflicts value) {
      conflicts = value;
      return this;
    }

    public Builder trainOn(TrainOn value) {
      trainOn = value;
      return this;
    }

    public Builder splits(Map<String, Double> value) {
      splits = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder redact(boolean value) {
      redact = value;
      return this;
    }

    public Builder extraPatterns(List<String> value) {
      extraPatterns = value;
      return this;
    }

    public Builder includeIncorrectInSft(boolean value) {
      includeIncorrectInSft = value;
      return this;
    }

    public Builder includeIncomplete(boolean value) {
      includeIncomplete = value;
      return this;
    }

    /** Label sources in order; null for the default ({@link ExportOptions#labelOrder}). */
    public Builder labels(List<Rater> value) {
      labels = value;
      return this;
    }

    public Builder minJudgeKappa(Double value) {
      minJudgeKappa = value;
      return this;
    }

    public Builder filters(Map<String, String> value) {
      filters = value;
      return this;
    }

    public Builder generatedAt(Instant value) {
      generatedAt = value;
      return this;
    }

    public ExportOptions build() {
      return new ExportOptions(
          format,
          container,
          outDir,
          label,
          useCheck,
          conflicts,
          trainOn,
          splits,
          seed,
          redact,
          extraPatterns,
          includeIncorrectInSft,
          includeIncomplete,
          labels,
          minJudgeKappa,
          filters,
          generatedAt);
    }
  }
}
