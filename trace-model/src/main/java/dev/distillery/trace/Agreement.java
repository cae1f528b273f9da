package dev.distillery.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How far two raters agree over the runs both labelled: raw agreement, Cohen's κ and the 2×2
 * confusion matrix, and the runs where they differ. The one implementation the command, the pages
 * and export's {@code --min-judge-kappa} share.
 */
public final class Agreement {
  private Agreement() {}

  /**
   * Counts over the runs both labelled; rows are the first rater's label, columns the second's.
   *
   * @param correctCorrect both said correct
   * @param correctIncorrect the first said correct, the second incorrect
   * @param incorrectCorrect the first said incorrect, the second correct
   * @param incorrectIncorrect both said incorrect
   */
  public record Matrix(
      int correctCorrect, int correctIncorrect, int incorrectCorrect, int incorrectIncorrect) {
    public int total() {
      return correctCorrect + correctIncorrect + incorrectCorrect + incorrectIncorrect;
    }

    public int agreements() {
      return correctCorrect + incorrectIncorrect;
    }

    /**
     * Cohen's κ = (p_o − p_e) / (1 − p_e); null when undefined: no runs, or p_e = 1 (both raters
     * always gave the one same label).
     */
    public Double kappa() {
      double n = total();
      if (n == 0) {
        return null;
      }
      double observed = agreements() / n;
      double firstCorrect = (correctCorrect + correctIncorrect) / n;
      double secondCorrect = (correctCorrect + incorrectCorrect) / n;
      double expected = firstCorrect * secondCorrect + (1 - firstCorrect) * (1 - secondCorrect);
      if (expected >= 1.0) {
        return null;
      }
      return (observed - expected) / (1 - expected);
    }
  }

  /** A run two raters labelled differently, with each one's label. */
  public record Disagreement(Run run, String first, String second) {}

  /**
   * The agreement of two raters.
   *
   * @param disagreements the runs they label differently, in the order the runs were given
   */
  public record Result(Rater first, Rater second, Matrix matrix, List<Disagreement> disagreements) {
    public Result {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
      Objects.requireNonNull(matrix, "matrix");
      disagreements = List.copyOf(disagreements);
    }

    /** How many runs both labelled. */
    public int runs() {
      return matrix.total();
    }

    /** On how many of those they gave the same label. */
    public int agreements() {
      return matrix.agreements();
    }

    /** The share of the runs both labelled where they agree; null when there are none. */
    public Double raw() {
      return runs() == 0 ? null : (double) agreements() / runs();
    }

    /** Cohen's κ; null when undefined ({@link Matrix#kappa}). */
    public Double kappa() {
      return matrix.kappa();
    }
  }

  /** The agreement of {@code first} and {@code second} over these runs. */
  public static Result between(Rater first, Rater second, Collection<RatedRun> runs) {
    int[] cells = new int[4];
    List<Disagreement> disagreements = new ArrayList<>();
    for (RatedRun run : runs) {
      String a = first.labelOf(run.run(), run.labels());
      String b = second.labelOf(run.run(), run.labels());
      if (!binary(a) || !binary(b)) {
        continue;
      }
      cells[("correct".equals(a) ? 0 : 2) + ("correct".equals(b) ? 0 : 1)]++;
      if (!a.equals(b)) {
        disagreements.add(new Disagreement(run.run(), a, b));
      }
    }
    return new Result(
        first, second, new Matrix(cells[0], cells[1], cells[2], cells[3]), disagreements);
  }

  /**
   * The raters present in these runs: each person, then each judge (by name), then the check when
   * some run's check passed or failed.
   */
  public static List<Rater> present(Collection<RatedRun> runs) {
    TreeSet<String> people = new TreeSet<>();
    TreeSet<String> judges = new TreeSet<>();
    boolean check = false;
    for (RatedRun run : runs) {
      for (String author : run.labels().keySet()) {
        (LabelSource.ofAuthor(author) == LabelSource.JUDGE ? judges : people).add(author);
      }
      check |= Rater.checkLabel(run.run()) != null;
    }
    List<Rater> present = new ArrayList<>();
    people.forEach(author -> present.add(Rater.ofAuthor(author)));
    judges.forEach(author -> present.add(Rater.ofAuthor(author)));
    if (check) {
      present.add(Rater.CHECK);
    }
    return present;
  }

  /**
   * Every pair of the raters present, in the order of {@link #present}; with two people or more,
   * also people together ({@code human}) against each judge and the check.
   */
  public static List<Result> everyPair(Collection<RatedRun> runs) {
    List<Rater> present = present(runs);
    List<Result> pairs = new ArrayList<>();
    for (int i = 0; i < present.size(); i++) {
      for (int j = i + 1; j < present.size(); j++) {
        pairs.add(between(present.get(i), present.get(j), runs));
      }
    }
    long people = present.stream().filter(r -> r.kind() == Rater.Kind.PERSON).count();
    if (people >= 2) {
      present.stream()
          .filter(r -> r.kind() != Rater.Kind.PERSON)
          .forEach(other -> pairs.add(between(Rater.PEOPLE, other, runs)));
    }
    return pairs;
  }

  private static boolean binary(String label) {
    return "correct".equals(label) || "incorrect".equals(label);
  }

  /** A run and its current labels, author to label ({@link LatestLabels}). */
  public record RatedRun(Run run, Map<String, String> labels) {
    public RatedRun {
      Objects.requireNonNull(run, "run");
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** A run with its current labels, read from its annotations ({@link LatestLabels#ofRun}). */
    public static RatedRun of(Run run, List<Annotation> annotations) {
      Map<String, String> labels = new TreeMap<>();
      LatestLabels.ofRun(annotations).forEach((author, a) -> labels.put(author, a.label()));
      return new RatedRun(run, labels);
    }
  }

  /**
   * The runs the filter selects that a person labelled or a judge graded (its label filter, limit
   * and offset ignored), newest first, each with its current labels: what every agreement is
   * computed over. A run only its check graded cannot be in a pair, since the check is one rater.
   */
  public static List<RatedRun> read(TraceRepository repository, RunFilter filter) {
    // a run only a check graded pairs with nobody; one a judge graded pairs with its check
    Map<String, Run> runs = new LinkedHashMap<>();
    for (RunFilter.Label rated : List.of(RunFilter.Label.LABELLED, RunFilter.Label.JUDGED)) {
      RunFilter selected =
          filter.toBuilder().label(rated).limit(Integer.MAX_VALUE).offset(0).build();
      for (Run run : repository.runs(selected)) {
        runs.putIfAbsent(run.id(), run);
      }
    }
    List<Run> all = new ArrayList<>(runs.values());
    all.sort(Comparator.comparing(Run::startedAt).reversed());
    List<RatedRun> rated = new ArrayList<>(all.size());
    for (int from = 0; from < all.size(); from += READ_CHUNK) {
      List<Run> chunk = all.subList(from, Math.min(all.size(), from + READ_CHUNK));
      Map<String, List<Annotation>> annotations =
          repository.annotationsOf(chunk.stream().map(Run::id).toList());
      for (Run run : chunk) {
        rated.add(RatedRun.of(run, annotations.getOrDefault(run.id(), List.of())));
      }
    }
    return rated;
  }

  private static final int READ_CHUNK = 1000;
}
