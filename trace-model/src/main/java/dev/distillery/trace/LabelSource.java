package dev.distillery.trace;

import java.util.Locale;

/**
 * Where a run's label comes from: a person's annotation, a model judge's annotation (its author is
 * {@code judge:<model>}), or the task's check command. Every reader that tells them apart (export's
 * {@code --labels}, agreement, the run page, the overview) classifies authors here.
 */
public enum LabelSource {
  HUMAN,
  JUDGE,
  CHECK;

  /** The prefix of a judge's author name: {@code judge:<model>}. */
  public static final String JUDGE_PREFIX = "judge:";

  /** The author name under which the judge with this model records its verdicts. */
  public static String judgeAuthor(String model) {
    return JUDGE_PREFIX + model;
  }

  /** The source of an annotation by this author: a judge when it starts with {@code judge:}. */
  public static LabelSource ofAuthor(String author) {
    return author != null && author.startsWith(JUDGE_PREFIX) ? JUDGE : HUMAN;
  }

  /** The name users write ({@code human}, {@code judge}, {@code check}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The source a user named, or an {@link IllegalArgumentException} naming the known ones. */
  public static LabelSource parse(String name) {
    for (LabelSource source : values()) {
      if (source.wireName().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return source;
      }
    }
    throw new IllegalArgumentException(
        "unknown label source '" + name + "' (known: human, judge, check)");
  }
}
