package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

/** The tables that give a plot's numbers beside it: every cell escaped unless built as HTML. */
final class NumberTable {
  private NumberTable() {}

  static String head(String... names) {
    StringBuilder head = new StringBuilder("<table class=\"numbers\"><tr>");
    for (String name : names) {
      head.append("<th>").append(esc(name)).append("</th>");
    }
    return head.append("</tr>").toString();
  }

  /** A table row; a {@link Safe} cell is HTML already, anything else is escaped. */
  static String row(Object... cells) {
    StringBuilder row = new StringBuilder("<tr>");
    for (Object cell : cells) {
      row.append("<td>")
          .append(cell instanceof Safe safe ? safe.html() : esc(cell))
          .append("</td>");
    }
    return row.append("</tr>").toString();
  }

  record Safe(String html) {}

  static Safe link(String href, String text) {
    return new Safe("<a href=\"" + esc(href) + "\">" + esc(text) + "</a>");
  }
}
