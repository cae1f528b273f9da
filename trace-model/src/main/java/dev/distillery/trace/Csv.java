package dev.distillery.trace;

import java.util.List;

/**
 * A query's rows as CSV, for {@code distillery sql --format csv} and the SQL page's download: a
 * header of column names, one line per row, each ending in {@code \n}; a cell is its {@code
 * String.valueOf}, empty for null, in double quotes (doubled inside) when it holds a comma, a quote
 * or a line break.
 */
public final class Csv {
  private Csv() {}

  public static String text(List<String> columns, List<? extends List<?>> rows) {
    StringBuilder out = new StringBuilder();
    line(out, columns);
    rows.forEach(row -> line(out, row));
    return out.toString();
  }

  private static void line(StringBuilder out, List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String text = cells.get(i) == null ? "" : String.valueOf(cells.get(i));
      if (i > 0) {
        out.append(',');
      }
      boolean quote =
          text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
      out.append(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
    }
    out.append('\n');
  }
}
