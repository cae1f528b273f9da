package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java fold and word set give exactly what V8's macros give in DuckDB: searched words are
 * folded by {@code search_fold} at query time, so a run's columns must be folded the same way.
 */
class SearchTextTest {
  /** What the writer wrote before the columns were made in Java, for each text of the table. */
  private static final String SQL =
      "SELECT t, search_fold(t) AS folded, word_set(folded),"
          + " CASE WHEN length(folded) <= "
          + RunSearch.LIMIT
          + " THEN folded END, CASE WHEN length(folded) <= "
          + RunSearch.LIMIT
          + " THEN word_set(folded) END FROM texts ORDER BY i";

  @TempDir Path dir;
  private DuckDBConnection connection;

  @BeforeEach
  void openStoreWithTheMacros() throws SQLException {
    Path file = dir.resolve("traces.duckdb");
    connection = Connections.readWrite(file);
    Migrations.standard().migrate(connection, file);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void should_fold_every_code_point_as_search_fold_does() throws SQLException {
    List<String> differences = new ArrayList<>();
    int compared = 0;
    try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT i, search_fold(chr(i::INTEGER)) FROM range(0, 1114112) t(i)"
                    + " WHERE i < 55296 OR i > 57343 ORDER BY i");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        int codePoint = rows.getInt(1);
        String java = SearchText.fold(new String(Character.toChars(codePoint)));
        if (!java.equals(rows.getString(2))) {
          differences.add(
              String.format(
                  "U+%04X: DuckDB %s, Java %s",
                  codePoint, codePoints(rows.getString(2)), codePoints(java)));
        }
        compared++;
      }
    }
    assertEquals(0x110000 - 0x800, compared, "every code point but the surrogates");
    assertEquals(List.of(), differences, "search_fold.txt must be made again from DuckDB");
  }

  @Test
  void should_fold_and_split_mixed_texts_as_the_macros_do() throws SQLException {
    Random random = new Random(8);
    List<String> texts = new ArrayList<>(fixedTexts());
    for (int i = 0; i < 20_000; i++) {
      texts.add(randomText(random, 1 + random.nextInt(60)));
    }
    assertSameAsSql(texts);
  }

  @Test
  void should_sort_words_by_code_point_as_duckdb_does() throws SQLException {
    // U+FF41 (from U+FF21) and U+E000 sort before an emoji by code point, after it in UTF-16
    String text = "\uD83D\uDE00 \uFF21 \uE000 \uD801\uDC00 z";
    String words = SearchText.of(text).words();
    assertEquals("z \uE000 \uFF41 \uD801\uDC28 \uD83D\uDE00", words);
    assertSameAsSql(text);
    String[] utf16Order = words.split(" ");
    Arrays.sort(utf16Order);
    assertNotEquals(words, String.join(" ", utf16Order), "String order would differ here");
  }

  @Test
  void should_keep_a_text_of_the_limit_in_code_points_and_drop_a_longer_one() throws SQLException {
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    String atLimit = "A".repeat(RunSearch.LIMIT / 2) + emoji.repeat(RunSearch.LIMIT / 2);
    assertEquals(RunSearch.LIMIT * 3 / 2, atLimit.length());
    assertEquals(
        "a".repeat(RunSearch.LIMIT / 2) + emoji.repeat(RunSearch.LIMIT / 2),
        SearchText.of(atLimit).text());
    assertSameAsSql(atLimit, atLimit + "b");
    assertNull(SearchText.of(atLimit + "b").text());
    assertNull(SearchText.of(atLimit + "b").words());
  }

  @Test
  void should_give_an_empty_word_for_leading_trailing_and_empty_texts() throws SQLException {
    assertEquals("", SearchText.of("").words());
    assertEquals("", SearchText.of(" \n").words());
    assertEquals(" a b", SearchText.of("\tB a\u007f").words());
    assertSameAsSql("", " ", " \n", "\tB a\u007f", "a  b", "\u0000x");
  }

  /** Texts where folding or splitting has something to get wrong. */
  private static List<String> fixedTexts() {
    return List.of(
        "Deploy the Widget",
        "ERROR: Disk FULL on /dev/sda1\u001fRetrying in ſtrict mode",
        "µ-LAW and μ-law, ΣΊΣΥΦΟΣ ς ϐ ϑ ϕ ϖ ϰ ϱ ϵ \u0345 \u1fbe ẛ \u1fd3 \u1fe3 \ufb05",
        "Cyrillic \u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88 ДОМ",
        "İstanbul KELVIN \u212a \u2126 Å ǅ ǈ ǋ ǲ ẞ",
        "Unicode 14: \u2c2f \ua7c0 \ua7d0 \ua7d6 \ua7d8 \uD801\uDD70\uD801\uDD95",
        "Deseret \uD801\uDC00\uD801\uDC27 Adlam \uD83A\uDD00 Osage \uD801\uDCB0",
        "lone \uD800 high and \uDC00 low and \uDBFF\uD800 two highs",
        "tabs\tand\nlines\r\nand\u000bvertical\u000cfeed\u007fdel",
        "  leading and trailing  ",
        "a\u0000b\u0001c",
        "x".repeat(40) + " XX " + "x".repeat(40));
  }

  private static final int[] POOL = {
    'a', 'B', 'z', 'Z', '0', '_', '-', '.', ' ', '\t', '\n', 0x1f, 0x7f, 0x00, 0xb5, 0x17f, 0x130,
    0x3a3, 0x3c2, 0x1e9e, 0x212a, 0x1c88, 0x2c2f, 0xa7c0, 0xe000, 0xff21, 0xfffd, 0x10400, 0x10570,
    0x1e900, 0x1f600, 0xd800, 0xdc00, 0x0345, 0x1fbe, 0xfb05, 0x10ffff
  };

  private static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int codePoint =
          random.nextInt(4) == 0 ? randomCodePoint(random) : POOL[random.nextInt(POOL.length)];
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }

  /** Any code point, surrogates included (a lone one is stored as '?'). */
  private static int randomCodePoint(Random random) {
    return random.nextBoolean() ? random.nextInt(0x10000) : random.nextInt(0x110000);
  }

  private void assertSameAsSql(String... texts) throws SQLException {
    assertSameAsSql(List.of(texts));
  }

  /** The texts go through a table, so that the macros are prepared once. */
  private void assertSameAsSql(List<String> texts) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE OR REPLACE TABLE texts (i INTEGER, t VARCHAR)");
    }
    try (DuckDBAppender rows = connection.createAppender("texts")) {
      for (int i = 0; i < texts.size(); i++) {
        rows.beginRow();
        rows.append(i);
        rows.append(texts.get(i));
        rows.endRow();
      }
    }
    int compared = 0;
    try (PreparedStatement query = connection.prepareStatement(SQL);
        ResultSet row = query.executeQuery()) {
      while (row.next()) {
        String text = texts.get(compared++);
        SearchText java = SearchText.of(text);
        String what = "text " + codePoints(text);
        assertEquals(row.getString(2), SearchText.fold(text), "fold of " + what);
        assertEquals(row.getString(3), SearchText.words(SearchText.fold(text)), "words of " + what);
        assertEquals(row.getString(4), java.text(), "search_text of " + what);
        assertEquals(row.getString(5), java.words(), "search_words of " + what);
      }
    }
    assertEquals(texts.size(), compared);
  }

  private static String codePoints(String text) {
    if (text == null) {
      return "NULL";
    }
    StringBuilder out = new StringBuilder("[");
    text.codePoints()
        .limit(80)
        .forEach(c -> out.append(out.length() > 1 ? " " : "").append(Integer.toHexString(c)));
    return out.append(text.codePointCount(0, text.length()) > 80 ? " ...]" : "]").toString();
  }
}
