package dev.distillery.runtime.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.runtime.Json;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * pass@1 per round of a suite run that ran in rounds ({@code run --suite --rounds}): per task, and
 * the mean over tasks. An attempt's round is in its run's metadata; an attempt run more than once
 * (resumed) counts by its latest run, as in {@link SuiteSummary}.
 *
 * @param rounds the rounds, from 1
 * @param tasks per task id, pass@1 in each round (null where nothing was graded)
 * @param mean per round, the mean of the tasks' pass@1 (null where no task was graded)
 */
public record LearningCurve(
    List<Integer> rounds, Map<String, List<Double>> tasks, List<Double> mean) {

  public static LearningCurve of(List<Run> runs) {
    Map<String, Run> latest = new LinkedHashMap<>();
    runs.stream()
        .sorted(Comparator.comparing(Run::startedAt).thenComparing(Run::id))
        .forEach(run -> latest.put(run.spec().taskId() + "#" + run.spec().attempt(), run));
    TreeSet<Integer> rounds = new TreeSet<>();
    // task -> round -> {passes, graded}
    Map<String, Map<Integer, int[]>> counts = new TreeMap<>();
    for (Run run : latest.values()) {
      int round = round(run);
      rounds.add(round);
      int[] count =
          counts
              .computeIfAbsent(
                  run.spec().taskId() == null ? "(no task)" : run.spec().taskId(),
                  k -> new TreeMap<>())
              .computeIfAbsent(round, k -> new int[2]);
      CheckStatus status = run.check() == null ? CheckStatus.NO_CHECK : run.check().status();
      if (status != CheckStatus.NO_CHECK) {
        count[1]++;
        if (status == CheckStatus.PASS) {
          count[0]++;
        }
      }
    }
    List<Integer> order = List.copyOf(rounds);
    Map<String, List<Double>> tasks = new LinkedHashMap<>();
    counts.forEach(
        (task, byRound) -> {
          List<Double> row = new ArrayList<>();
          for (int round : order) {
            int[] count = byRound.get(round);
            row.add(count == null || count[1] == 0 ? null : (double) count[0] / count[1]);
          }
          tasks.put(task, row);
        });
    List<Double> mean = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      int column = i;
      double[] graded =
          tasks.values().stream()
              .map(row -> row.get(column))
              .filter(v -> v != null)
              .mapToDouble(Double::doubleValue)
              .toArray();
      mean.add(graded.length == 0 ? null : java.util.Arrays.stream(graded).average().orElse(0));
    }
    return new LearningCurve(order, tasks, mean);
  }

  /** Whether the suite run ran in more than one round. */
  public boolean hasRounds() {
    return rounds.size() > 1;
  }

  private static int round(Run run) {
    try {
      JsonNode metadata = Json.MAPPER.readTree(run.spec().metadataJson());
      return Math.max(1, metadata.path("round").asInt(1));
    } catch (java.io.IOException e) {
      return 1;
    }
  }
}
