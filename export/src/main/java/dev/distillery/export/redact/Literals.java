package dev.distillery.export.redact;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds, in one pass over a text, which rules' literals it holds. Every literal is ASCII and at
 * least two characters long; a table of the literals' first two characters lets the pass look at a
 * position only when a literal could start there. Much cheaper than a {@link String#contains} per
 * literal, which scans the text once for each of them.
 */
final class Literals {
  private static final int SPAN = 128;

  private record Entry(String literal, long rule) {}

  private final List<Entry>[] byStart;

  /**
   * @param literals each rule's literals, by rule number (at most 64 rules)
   */
  @SuppressWarnings("unchecked")
  Literals(List<List<String>> literals) {
    if (literals.size() > 64) {
      throw new IllegalArgumentException("at most 64 rules");
    }
    byStart = new List[SPAN * SPAN];
    for (int rule = 0; rule < literals.size(); rule++) {
      for (String literal : literals.get(rule)) {
        if (literal.length() < 2 || literal.chars().anyMatch(c -> c >= SPAN)) {
          throw new IllegalArgumentException("a literal must be two or more ASCII characters");
        }
        int start = literal.charAt(0) * SPAN + literal.charAt(1);
        if (byStart[start] == null) {
          byStart[start] = new ArrayList<>(2);
        }
        byStart[start].add(new Entry(literal, 1L << rule));
      }
    }
  }

  /** Bit {@code n} is set when the text holds a literal of rule {@code n}. */
  long found(String text) {
    long found = 0;
    int last = text.length() - 1;
    char next = last >= 0 ? text.charAt(0) : 0;
    for (int i = 0; i < last; i++) {
      char c = next;
      next = text.charAt(i + 1);
      if (c >= SPAN || next >= SPAN) {
        continue;
      }
      List<Entry> entries = byStart[c * SPAN + next];
      if (entries == null) {
        continue;
      }
      for (Entry entry : entries) {
        if ((found & entry.rule()) == 0 && text.startsWith(entry.literal(), i)) {
          found |= entry.rule();
        }
      }
    }
    return found;
  }
}
