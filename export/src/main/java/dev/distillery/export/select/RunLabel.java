package dev.distillery.export.select;

import java.util.List;
import java.util.Objects;

/**
 * A run's label for export.
 *
 * @param value {@code correct}, {@code incorrect}, or null (unlabelled or disputed)
 * @param source where the value came from
 * @param labelers the authors whose latest labels were counted, sorted
 */
public record RunLabel(String value, Source source, List<String> labelers) {
  /** Where a label came from. */
  public enum Source {
    /** People agreed, or a majority did. */
    HUMAN,
    /** A model judge ({@code judge:<model>}), or the judges who labelled it, agreeing. */
    JUDGE,
    /** No source before it had a label; the check passed or failed. */
    CHECK,
    /**
     * The latest labels of a source's authors (people, or judges) differ and no majority was asked
     * for (or there was a tie).
     */
    DISPUTED,
    /** No label at all. */
    NONE;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public RunLabel {
    Objects.requireNonNull(source, "source");
    labelers = List.copyOf(labelers);
  }

  public boolean disputed() {
    return source == Source.DISPUTED;
  }

  /** The people's label, when they gave one that counts. */
  public String humanLabel() {
    return source == Source.HUMAN ? value : null;
  }

  /** {@code correct}, {@code incorrect} or {@code unlabelled}, for counting. */
  public String countKey() {
    return value == null ? (disputed() ? "disputed" : "unlabelled") : value;
  }
}
