package dev.distillery.annotate;

import dev.distillery.trace.Agreement;
import dev.distillery.trace.Agreement.RatedRun;
import dev.distillery.trace.Rater;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where annotators differ, and how far any two label sources agree ({@link Agreement}). */
final class Disagreements {
  static final int MAX_RUNS = 500;
  private final TraceRepository repository;

  Disagreements(TraceRepository repository) {
    this.repository = repository;
  }

  /** A run whose annotators' latest labels differ, with those labels by author. */
  record Disputed(Run run, Map<String, String> labels) {}

  /**
   * The runs people dispute, each with every author's label as {@code rated} holds it (a disputed
   * run is a labelled one, so it is there): no second read of their annotations.
   */
  List<Disputed> disputed(List<RatedRun> rated) {
    Map<String, Map<String, String>> labels = new HashMap<>();
    rated.forEach(r -> labels.put(r.run().id(), r.labels()));
    RunFilter disputed =
        RunFilter.builder().label(RunFilter.Label.DISPUTED).limit(MAX_RUNS).build();
    return repository.runs(disputed).stream()
        .map(run -> new Disputed(run, labels.getOrDefault(run.id(), Map.of())))
        .toList();
  }

  /** Every labelled run with each author's current label. */
  List<RatedRun> rated() {
    return Agreement.read(repository, RunFilter.builder().build());
  }

  /**
   * The sources one can choose: people together and judges together when there are any, then each
   * person, each judge and the check ({@link Agreement#present}).
   */
  static List<String> sources(List<RatedRun> rated) {
    List<Rater> present = Agreement.present(rated);
    List<String> names = new ArrayList<>();
    if (present.stream().anyMatch(r -> r.kind() == Rater.Kind.PERSON)) {
      names.add(Rater.PEOPLE.name());
    }
    if (present.stream().anyMatch(r -> r.kind() == Rater.Kind.JUDGE)) {
      names.add(Rater.JUDGES.name());
    }
    present.forEach(rater -> names.add(rater.name()));
    return names;
  }

  /** The authors who labelled, people and judges, sorted. */
  static List<String> annotators(List<RatedRun> rated) {
    return Agreement.present(rated).stream()
        .filter(rater -> rater.kind() != Rater.Kind.CHECK)
        .map(Rater::name)
        .toList();
  }

  /**
   * The pair a page shows when none was chosen: the first two sources present (people, then judges,
   * then the check), or null when there are fewer than two.
   */
  static Agreement.Result defaultPair(List<RatedRun> rated) {
    List<Rater> present = Agreement.present(rated);
    return present.size() < 2 ? null : Agreement.between(present.get(0), present.get(1), rated);
  }

  /** The agreement as the JSON API answers it. */
  static Map<String, Object> json(Agreement.Result result) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("first", result.first().name());
    body.put("second", result.second().name());
    body.put("runs", result.runs());
    body.put("agreements", result.agreements());
    body.put("raw", result.raw());
    body.put("kappa", result.kappa());
    Agreement.Matrix m = result.matrix();
    body.put(
        "matrix",
        Map.of(
            "correctCorrect", m.correctCorrect(),
            "correctIncorrect", m.correctIncorrect(),
            "incorrectCorrect", m.incorrectCorrect(),
            "incorrectIncorrect", m.incorrectIncorrect()));
    List<Map<String, Object>> runs = new ArrayList<>();
    for (Agreement.Disagreement d : result.disagreements()) {
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("runId", d.run().id());
      run.put("taskId", d.run().spec().taskId());
      run.put("first", d.first());
      run.put("second", d.second());
      runs.add(run);
    }
    body.put("disagreements", runs);
    return body;
  }
}
