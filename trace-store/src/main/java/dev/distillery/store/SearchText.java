package dev.distillery.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A run's two search columns (V8), made in Java: {@code search_text}, its text folded exactly as
 * the {@code search_fold} macro folds it, and {@code search_words}, the text's words exactly as
 * {@code word_set} gives them. Both NULL ({@link #NONE}) when the text is longer than {@value
 * RunSearch#LIMIT} code points. A search folds its words with the macro, so the two folds must
 * agree on every code point: SearchTextTest compares them with DuckDB's.
 */
record SearchText(String text, String words) {
  /** A run searched in its events: still running, or its text is too long. */
  static final SearchText NONE = new SearchText(null, null);

  /** What a lone surrogate becomes when a string goes to DuckDB (it stores UTF-8). */
  private static final char UNENCODABLE = '?';

  /** A line of search_fold.txt: FIRST[..LAST[/STEP]] DELTA. */
  private static final Pattern LINE =
      Pattern.compile("([0-9a-f]+)(?:\\.\\.([0-9a-f]+)(?:/(\\d+))?)? ([+-]\\d+)");

  private static final char[] BMP = new char[Character.MAX_VALUE + 1];
  private static final int[] SUPPLEMENTARY_FROM;
  private static final int[] SUPPLEMENTARY_TO;

  static {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      BMP[c] = (char) c;
    }
    TreeMap<Integer, Integer> supplementary = new TreeMap<>();
    for (int[] mapping : table()) {
      if ((mapping[0] <= Character.MAX_VALUE) != (mapping[1] <= Character.MAX_VALUE)) {
        throw new IllegalStateException("search_fold.txt: a mapping changes plane: " + mapping[0]);
      }
      if (mapping[0] <= Character.MAX_VALUE) {
        BMP[mapping[0]] = (char) mapping[1];
      } else {
        supplementary.put(mapping[0], mapping[1]);
      }
    }
    SUPPLEMENTARY_FROM = supplementary.keySet().stream().mapToInt(Integer::intValue).toArray();
    SUPPLEMENTARY_TO = supplementary.values().stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The columns for a run's text: its prompt, then the text of each searched event in {@code seq}
   * order, joined by {@link RunSearch#SEPARATOR}.
   */
  static SearchText of(String text) {
    if (text.length() > RunSearch.LIMIT
        && text.codePointCount(0, text.length()) > RunSearch.LIMIT) {
      return NONE;
    }
    String folded = fold(text);
    return new SearchText(folded, words(folded));
  }

  /** {@code search_fold(text)}, as DuckDB stores it (a lone surrogate is stored as '?'). */
  static String fold(String text) {
    int length = text.length();
    int same = 0;
    while (same < length) {
      char c = text.charAt(same);
      if (Character.isSurrogate(c) || BMP[c] != c) {
        break;
      }
      same++;
    }
    if (same == length) {
      return text;
    }
    StringBuilder folded = new StringBuilder(length).append(text, 0, same);
    for (int i = same; i < length; i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        folded.append(BMP[c]);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        folded.appendCodePoint(foldSupplementary(Character.toCodePoint(c, text.charAt(++i))));
      } else {
        folded.append(UNENCODABLE);
      }
    }
    return folded.toString();
  }

  private static int foldSupplementary(int codePoint) {
    int at = Arrays.binarySearch(SUPPLEMENTARY_FROM, codePoint);
    return at < 0 ? codePoint : SUPPLEMENTARY_TO[at];
  }

  /**
   * {@code word_set(folded)}: split at each run of ASCII controls, spaces and DEL (a leading or
   * trailing run gives an empty word, as {@code regexp_split_to_array} does), distinct, sorted as
   * DuckDB sorts strings (by their UTF-8 bytes, that is by code point), joined by spaces. The order
   * only makes the column equal to what V8's statement writes: a search looks for a word without
   * breaks, which can only match inside one word, wherever it sorts.
   */
  static String words(String folded) {
    Words words = new Words(folded);
    int length = folded.length();
    int start = 0;
    int i = 0;
    while (i < length) {
      if (isBreak(folded.charAt(i))) {
        words.add(start, i);
        do {
          i++;
        } while (i < length && isBreak(folded.charAt(i)));
        start = i;
      } else {
        i++;
      }
    }
    words.add(start, length);
    return words.joined();
  }

  /**
   * The distinct words of one text, kept as ranges of it in an open-addressing table: a run's text
   * holds thousands of words and few distinct ones, and a string and a hash-set entry for each word
   * made this most of the cost of writing a finished run.
   */
  private static final class Words {
    private final String text;
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;
    // indexes into starts/ends plus one; 0 is empty. Twice the entries at least, a power of two
    private int[] table = new int[128];

    Words(String text) {
      this.text = text;
    }

    void add(int start, int end) {
      int hash = 0;
      for (int i = start; i < end; i++) {
        hash = 31 * hash + text.charAt(i);
      }
      int mask = table.length - 1;
      int slot = (hash ^ (hash >>> 16)) & mask;
      while (table[slot] != 0) {
        int other = table[slot] - 1;
        int otherLength = ends[other] - starts[other];
        if (otherLength == end - start
            && text.regionMatches(starts[other], text, start, otherLength)) {
          return;
        }
        slot = (slot + 1) & mask;
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
      }
      starts[count] = start;
      ends[count] = end;
      count++;
      table[slot] = count;
      if (count * 2 > table.length) {
        rehash();
      }
    }

    private void rehash() {
      int[] bigger = new int[table.length * 2];
      int mask = bigger.length - 1;
      for (int word = 0; word < count; word++) {
        int hash = 0;
        for (int i = starts[word]; i < ends[word]; i++) {
          hash = 31 * hash + text.charAt(i);
        }
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (bigger[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        bigger[slot] = word + 1;
      }
      table = bigger;
    }

    /** The words sorted by code point, joined by spaces. */
    String joined() {
      Integer[] order = new Integer[count];
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> compare(a, b));
      StringBuilder out = new StringBuilder(text.length());
      for (int i = 0; i < count; i++) {
        if (i > 0) {
          out.append(' ');
        }
        out.append(text, starts[order[i]], ends[order[i]]);
      }
      return out.toString();
    }

    /** {@link #compareByCodePoint} of two of the words, without making them strings. */
    private int compare(int a, int b) {
      int aLength = ends[a] - starts[a];
      int bLength = ends[b] - starts[b];
      int common = Math.min(aLength, bLength);
      for (int i = 0; i < common; i++) {
        char x = text.charAt(starts[a] + i);
        char y = text.charAt(starts[b] + i);
        if (x != y) {
          return codePointRank(x) - codePointRank(y);
        }
      }
      return aLength - bLength;
    }
  }

  private static boolean isBreak(char c) {
    return c <= 0x20 || c == 0x7f;
  }

  /**
   * Code point order, which UTF-16 order ({@link String#compareTo}) is not: a supplementary code
   * point (a surrogate pair) sorts after U+E000..U+FFFF. A folded text has no lone surrogate.
   */
  static int compareByCodePoint(String a, String b) {
    int common = Math.min(a.length(), b.length());
    for (int i = 0; i < common; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return codePointRank(x) - codePointRank(y);
      }
    }
    return a.length() - b.length();
  }

  private static int codePointRank(char c) {
    if (c < Character.MIN_SURROGATE) {
      return c;
    }
    return Character.isSurrogate(c) ? c + 0x2000 : c - 0x800;
  }

  /** search_fold.txt: each code point the macro changes, and what it becomes. */
  private static int[][] table() {
    try (InputStream in = SearchText.class.getResourceAsStream("search_fold.txt");
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return lines
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .flatMap(SearchText::mappings)
          .toArray(int[][]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read search_fold.txt", e);
    }
  }

  private static Stream<int[]> mappings(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      throw new IllegalStateException("search_fold.txt: not a mapping: " + line);
    }
    int first = Integer.parseInt(m.group(1), 16);
    int last = m.group(2) == null ? first : Integer.parseInt(m.group(2), 16);
    int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
    int delta = Integer.parseInt(m.group(4));
    return IntStream.iterate(first, c -> c <= last, c -> c + step)
        .mapToObj(c -> new int[] {c, c + delta});
  }
}
