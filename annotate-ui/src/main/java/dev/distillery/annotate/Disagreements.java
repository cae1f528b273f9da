package dev.distillery.annotate;

import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Where annotators differ, and by how much they agree overall. */
final class Disagreements {
  static final int MAX_RUNS = 500;
  private final TraceRepository repository;

  Disagreements(TraceRepository repository) {
    this.repository = repository;
  }

  /** A run whose annotators' latest labels differ, with those labels by author. */
  record Disputed(Run run, Map<String, String> labels) {}

  List<Disputed> disputed() {
    RunFilter disputed =
        RunFilter.builder().label(RunFilter.Label.DISPUTED).limit(MAX_RUNS).build();
    return repository.runs(disputed).stream()
        .map(run -> new Disputed(run, Labels.labelsByAuthor(repository.annotations(run.id()))))
        .toList();
  }

  /** Run id to (author to latest label), over every labelled run. */
  Map<String, Map<String, String>> labels() {
    RunFilter labelled =
        RunFilter.builder().label(RunFilter.Label.LABELLED).limit(Integer.MAX_VALUE).build();
    Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    for (Run run : repository.runs(labelled)) {
      labels.put(run.id(), Labels.labelsByAuthor(repository.annotations(run.id())));
    }
    return labels;
  }

  static List<String> annotators(Map<String, Map<String, String>> labels) {
    TreeSet<String> authors = new TreeSet<>();
    labels.values().forEach(byAuthor -> authors.addAll(byAuthor.keySet()));
    return List.copyOf(authors);
  }
}
