package dev.distillery.runtime.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * Shard {@code index} of {@code count}: the suite's (task, attempt) pairs, in the order {@link
 * SuiteRunner#plan} lists them (attempt by attempt, tasks in file order), dealt round-robin. The
 * same suite file and attempts give every machine the same shards; each pair is in exactly one, and
 * shard sizes differ by one at most.
 */
public record Shard(int index, int count) {
  /** The whole suite, one shard. */
  public static final Shard WHOLE = new Shard(1, 1);

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException(
          "a shard is K/N with 1 <= K <= N, e.g. 2/4: got " + index + "/" + count);
    }
  }

  /**
   * Parses {@code K/N}.
   *
   * @throws IllegalArgumentException with a one-line reason when it is not one
   */
  public static Shard parse(String text) {
    String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N, e.g. 2/4: got " + text);
    }
    try {
      return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N, e.g. 2/4: got " + text);
    }
  }

  /** This shard's share of the whole plan. */
  public <T> List<T> of(List<T> plan) {
    List<T> mine = new ArrayList<>();
    for (int i = index - 1; i < plan.size(); i += count) {
      mine.add(plan.get(i));
    }
    return mine;
  }

  /** The lake's partition value: {@code s2} for shard 2 of 4, {@code s0} for a whole suite. */
  public String label() {
    return count == 1 ? "s0" : "s" + index;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
