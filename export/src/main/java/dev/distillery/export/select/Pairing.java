package dev.distillery.export.select;

import dev.distillery.trace.Run;
import dev.distillery.trace.TaskKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pairs a correct and an incorrect attempt at the same task and prompt, never across tasks, in
 * whatever order the runs came. Only ids and sort keys are held, never the runs' messages; within a
 * task the attempts are ordered by attempt number, start and id, and the first correct is paired
 * with the first incorrect, the second with the second, and so on.
 */
public final class Pairing {
  /** One preference pair, by run id. */
  public record Pair(
      String chosenRunId, RunLabel chosen, String rejectedRunId, RunLabel rejected) {}

  private record Candidate(int attempt, Instant startedAt, String runId, RunLabel label) {}

  private static final Comparator<Candidate> ORDER =
      Comparator.comparingInt(Candidate::attempt)
          .thenComparing(Candidate::startedAt)
          .thenComparing(Candidate::runId);

  private final Map<String, List<Candidate>> correct = new TreeMap<>();
  private final Map<String, List<Candidate>> incorrect = new TreeMap<>();

  /** Offers a labelled run; unlabelled ones are ignored. */
  public void add(Run run, RunLabel label) {
    Map<String, List<Candidate>> side;
    if ("correct".equals(label.value())) {
      side = correct;
    } else if ("incorrect".equals(label.value())) {
      side = incorrect;
    } else {
      return;
    }
    side.computeIfAbsent(TaskKey.withPrompt(run.spec()), key -> new ArrayList<>())
        .add(new Candidate(run.spec().attempt(), run.startedAt(), run.id(), label));
  }

  /** The pairs, task by task in key order. */
  public List<Pair> pairs() {
    List<Pair> pairs = new ArrayList<>();
    correct.forEach(
        (task, good) -> {
          List<Candidate> bad = incorrect.getOrDefault(task, List.of());
          List<Candidate> goodSorted = good.stream().sorted(ORDER).toList();
          List<Candidate> badSorted = bad.stream().sorted(ORDER).toList();
          for (int i = 0; i < Math.min(goodSorted.size(), badSorted.size()); i++) {
            Candidate chosen = goodSorted.get(i);
            Candidate rejected = badSorted.get(i);
            pairs.add(new Pair(chosen.runId(), chosen.label(), rejected.runId(), rejected.label()));
          }
        });
    return pairs;
  }

  /** How many runs were offered with a label. */
  public long offered() {
    return correct.values().stream().mapToLong(List::size).sum()
        + incorrect.values().stream().mapToLong(List::size).sum();
  }
}
