package dev.distillery.export.redact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which rules' literals a text holds. Each literal is indexed by one of its characters (its
 * anchor), and the text is searched for each anchor with {@link String#indexOf(int, int)}, which
 * the JVM runs with vector instructions; a literal is compared only where its anchor stands. A
 * search costs one pass plus its hits, so the anchors are few and rare: a literal's anchor is the
 * character it shares with the most other literals, among those not common in prose and code
 * (space, quote, most lower-case letters), the rarer on a tie. Several times cheaper than looking
 * at every position of the text.
 */
final class Literals {
  /** Printable ASCII from most to least common in English, code and JSON; unlisted is rarest. */
  private static final String COMMON =
      " etaoinsrhldcumfpgwybvk\"':,.=()-_/0123456789xjqzETAOINSRHLDCUMFPGWYBVKXJQZ";

  /** Never an anchor while the literal has another character: too common. */
  private static final String NOT_ANCHOR = " etaoinsrhldcumfpgwybvk\"";

  private record Entry(String literal, int offset, long rule) {
    /** Whether the literal stands in the text with its anchor at {@code at}. */
    boolean standsAt(String text, int at) {
      int start = at - offset;
      if (start < 0 || start + literal.length() > text.length()) {
        return false;
      }
      for (int i = 0; i < literal.length(); i++) {
        if (text.charAt(start + i) != literal.charAt(i)) {
          return false;
        }
      }
      return true;
    }
  }

  private final char[] anchors;
  private final Entry[][] entries;
  // the rules each anchor can reveal, to stop searching for it once all of them are found
  private final long[] rulesOf;

  /**
   * @param literals each rule's literals, by rule number (at most 64 rules)
   */
  Literals(List<List<String>> literals) {
    if (literals.size() > 64) {
      throw new IllegalArgumentException("at most 64 rules");
    }
    for (List<String> rule : literals) {
      for (String literal : rule) {
        // no quote or backslash either: Redactor relies on JSON spelling a literal as it is
        if (literal.length() < 2
            || literal.chars().anyMatch(c -> c < 32 || c > 126 || c == '"' || c == '\\')) {
          throw new IllegalArgumentException(
              "a literal must be two or more printable ASCII characters, no quote or backslash");
        }
      }
    }
    // a greedy cover: the character that the most literals still without an anchor share
    Map<Character, List<Entry>> byAnchor = new LinkedHashMap<>();
    List<Entry> left = new ArrayList<>();
    for (int rule = 0; rule < literals.size(); rule++) {
      for (String literal : literals.get(rule)) {
        left.add(new Entry(literal, -1, 1L << rule));
      }
    }
    while (!left.isEmpty()) {
      char anchor = anchorFor(left);
      List<Entry> anchored = byAnchor.computeIfAbsent(anchor, c -> new ArrayList<>());
      left.removeIf(
          entry -> {
            int offset = entry.literal().indexOf(anchor);
            if (offset < 0) {
              return false;
            }
            anchored.add(new Entry(entry.literal(), offset, entry.rule()));
            return true;
          });
    }
    anchors = new char[byAnchor.size()];
    entries = new Entry[byAnchor.size()][];
    rulesOf = new long[byAnchor.size()];
    int a = 0;
    for (Map.Entry<Character, List<Entry>> anchor : byAnchor.entrySet()) {
      anchors[a] = anchor.getKey();
      entries[a] = anchor.getValue().toArray(Entry[]::new);
      for (Entry entry : entries[a]) {
        rulesOf[a] |= entry.rule();
      }
      a++;
    }
  }

  /**
   * The character the most of these literals hold, the rarer on a tie; a common one only for a
   * literal that has nothing else.
   */
  private static char anchorFor(List<Entry> left) {
    char best = 0;
    int bestCount = 0;
    for (Entry entry : left) {
      String literal = entry.literal();
      boolean onlyCommon = literal.chars().allMatch(c -> NOT_ANCHOR.indexOf(c) >= 0);
      for (int i = 0; i < literal.length(); i++) {
        char c = literal.charAt(i);
        if (!onlyCommon && NOT_ANCHOR.indexOf(c) >= 0) {
          continue;
        }
        int count = 0;
        for (Entry other : left) {
          count += other.literal().indexOf(c) >= 0 ? 1 : 0;
        }
        if (count > bestCount || count == bestCount && commonness(c) < commonness(best)) {
          best = c;
          bestCount = count;
        }
      }
    }
    return best;
  }

  private static int commonness(char c) {
    int rank = COMMON.indexOf(c);
    return rank < 0 ? -1 : COMMON.length() - rank;
  }

  /** Bit {@code n} is set when the text holds a literal of rule {@code n}. */
  long found(String text) {
    long found = 0;
    for (int a = 0; a < anchors.length; a++) {
      long rules = rulesOf[a];
      if ((found & rules) == rules) {
        continue;
      }
      char anchor = anchors[a];
      for (int at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
        for (Entry entry : entries[a]) {
          if ((found & entry.rule()) == 0 && entry.standsAt(text, at)) {
            found |= entry.rule();
          }
        }
        if ((found & rules) == rules) {
          break;
        }
      }
    }
    return found;
  }
}
