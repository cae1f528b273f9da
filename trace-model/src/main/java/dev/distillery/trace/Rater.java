package dev.distillery.trace;

import java.util.Map;
import java.util.Objects;

/**
 * Whose labels an agreement compares, or an export takes: one person (an author), every person
 * together ({@code human}: the run's label when the people who labelled it agree), one judge
 * ({@code judge:<model>}), every judge together ({@code judge}), or the task's check ({@code
 * check}: pass is correct, fail is incorrect).
 *
 * @param name the author for a person or one judge; else the word users write
 */
public record Rater(Kind kind, String name) {
  /** What sort of rater. */
  public enum Kind {
    PERSON,
    PEOPLE,
    JUDGE,
    JUDGES,
    CHECK
  }

  public static final Rater PEOPLE = new Rater(Kind.PEOPLE, "human");
  public static final Rater JUDGES = new Rater(Kind.JUDGES, "judge");
  public static final Rater CHECK = new Rater(Kind.CHECK, "check");

  public Rater {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /**
   * The rater a user named: {@code human}, {@code judge}, {@code check}, {@code judge:<model>}, or
   * any other author name for that person.
   */
  public static Rater parse(String text) {
    String name = text == null ? "" : text.strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a label source needs a name (human, judge, check, ...)");
    }
    return switch (name) {
      case "human" -> PEOPLE;
      case "judge" -> JUDGES;
      case "check" -> CHECK;
      default -> ofAuthor(name);
    };
  }

  /** The rater an annotation's author is: a judge when it starts with {@code judge:}. */
  public static Rater ofAuthor(String author) {
    return new Rater(
        LabelSource.ofAuthor(author) == LabelSource.JUDGE ? Kind.JUDGE : Kind.PERSON, author);
  }

  /** Whether this rater's labels are a model judge's. */
  public boolean judge() {
    return kind == Kind.JUDGE || kind == Kind.JUDGES;
  }

  /** Whether an annotation by this author is one of this rater's. */
  public boolean counts(String author) {
    return switch (kind) {
      case PERSON, JUDGE -> name.equals(author);
      case PEOPLE -> LabelSource.ofAuthor(author) == LabelSource.HUMAN;
      case JUDGES -> LabelSource.ofAuthor(author) == LabelSource.JUDGE;
      case CHECK -> false;
    };
  }

  /**
   * This rater's label of the run, or null: a group's only when all its members who labelled the
   * run agree; the check's when it passed or failed.
   *
   * @param labels the run's current labels, author to label ({@link LatestLabels})
   */
  public String labelOf(Run run, Map<String, String> labels) {
    if (kind == Kind.CHECK) {
      return checkLabel(run);
    }
    String agreed = null;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (counts(label.getKey())) {
        if (agreed != null && !agreed.equals(label.getValue())) {
          return null;
        }
        agreed = label.getValue();
      }
    }
    return agreed;
  }

  /** The check's label: {@code correct} when it passed, {@code incorrect} when it failed. */
  public static String checkLabel(Run run) {
    if (run.check() == null) {
      return null;
    }
    return switch (run.check().status()) {
      case PASS -> "correct";
      case FAIL -> "incorrect";
      case ERROR, NO_CHECK -> null;
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
