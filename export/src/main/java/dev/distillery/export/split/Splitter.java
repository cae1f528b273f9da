package dev.distillery.export.split;

import dev.distillery.trace.TaskKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Assigns a split to each task, never to an attempt: the bucket is a hash of the seed and the task
 * key, so every attempt at one task lands in the same split, and a run without a task id is placed
 * by its prompt.
 */
public final class Splitter {
  /**
   * Task keys placed so far: attempts at one task come together, and hashing shows at 100k runs.
   */
  private static final int REMEMBERED = 10_000;

  private final Map<String, Double> splits;
  private final long seed;
  // the only split with a share, when there is one: every task goes there, no hash needed
  private final String only;
  private final Map<String, String> placed = new ConcurrentHashMap<>();

  /**
   * @param splits name to fraction, in order; the fractions add up to 1
   */
  public Splitter(Map<String, Double> splits, long seed) {
    this.splits = splits.isEmpty() ? Map.of("train", 1.0) : splits;
    this.seed = seed;
    List<String> shared =
        this.splits.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(Map.Entry::getKey)
            .toList();
    this.only = shared.size() == 1 ? shared.get(0) : null;
  }

  /** The split of a task key ({@link TaskKey#of}); any thread. */
  public String splitOf(String taskKey) {
    if (only != null) {
      return only;
    }
    String split = placed.get(taskKey);
    if (split == null) {
      split = place(taskKey);
      if (placed.size() >= REMEMBERED) {
        placed.clear();
      }
      placed.put(taskKey, split);
    }
    return split;
  }

  private String place(String taskKey) {
    double point = unit(seed + "\u0000" + taskKey);
    double edge = 0;
    String last = null;
    for (Map.Entry<String, Double> split : splits.entrySet()) {
      edge += split.getValue();
      if (split.getValue() > 0) {
        last = split.getKey();
        if (point < edge) {
          return last;
        }
      }
    }
    return last;
  }

  /** A uniform number in [0, 1) from the first 53 bits of the SHA-256 of the text. */
  private static double unit(String text) {
    byte[] hash = TaskKey.digest(text);
    long bits = 0;
    for (int i = 0; i < 7; i++) {
      bits = (bits << 8) | (hash[i] & 0xff);
    }
    return (bits >>> 3) / (double) (1L << 53);
  }
}
