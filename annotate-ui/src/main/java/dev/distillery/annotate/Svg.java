package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import java.util.List;
import java.util.Locale;

/**
 * Plots drawn on the server as inline SVG: no script, no front-end build. Every bar carries its
 * numbers in a {@code <title>}, and the pages put the same numbers in a table beside the plot.
 */
final class Svg {
  /** One bar: its label, its value, what its title says, and where it links (or null). */
  record Bar(String label, double value, String title, String href) {}

  /** One part of a stacked bar. */
  record Part(String name, long value, String color) {}

  private static final int WIDTH = 480;
  private static final int ROW = 22;
  private static final int LABEL = 180;

  private Svg() {}

  /** Horizontal bars, one a row, scaled to the largest value (or to {@code max} when positive). */
  static String rows(String name, List<Bar> bars, double max) {
    double top = max > 0 ? max : bars.stream().mapToDouble(Bar::value).max().orElse(0);
    int height = Math.max(ROW, bars.size() * ROW);
    StringBuilder svg = open(name, WIDTH, height);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      int y = i * ROW;
      double width = top <= 0 ? 0 : (WIDTH - LABEL - 60) * bar.value() / top;
      StringBuilder item = new StringBuilder();
      item.append("<g class=\"bar\"><title>").append(esc(bar.title())).append("</title>");
      item.append(text(0, y + 15, Html.cut(bar.label(), 26), "start"));
      item.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#4a7bd0\"/>",
              LABEL,
              y + 3,
              width,
              ROW - 6));
      item.append(text(LABEL + (int) width + 4, y + 15, number(bar.value()), "start"));
      item.append("</g>");
      svg.append(link(bar.href(), item.toString()));
    }
    return svg.append("</svg>").toString();
  }

  /** Vertical bars side by side (a histogram, runs per day, pass@1 per round). */
  static String columns(String name, List<Bar> bars, double max) {
    double top = max > 0 ? max : bars.stream().mapToDouble(Bar::value).max().orElse(0);
    int height = 120;
    int step = Math.max(4, Math.min(48, WIDTH / Math.max(1, bars.size())));
    StringBuilder svg = open(name, Math.max(step * bars.size(), 40), height);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double h = top <= 0 ? 0 : (height - 4) * bar.value() / top;
      svg.append(
          link(
              bar.href(),
              String.format(
                  Locale.ROOT,
                  "<g class=\"bar\"><title>%s</title><rect x=\"%d\" y=\"%.1f\" width=\"%d\""
                      + " height=\"%.1f\" fill=\"#4a7bd0\"/></g>",
                  esc(bar.title()),
                  i * step + 1,
                  height - h,
                  step - 2,
                  h)));
    }
    return svg.append("</svg>").toString();
  }

  /** One bar split into parts, each part's width its share of the total. */
  static String stacked(String name, List<Part> parts) {
    long total = parts.stream().mapToLong(Part::value).sum();
    StringBuilder svg = open(name, WIDTH, ROW);
    double x = 0;
    for (Part part : parts) {
      double width = total == 0 ? 0 : WIDTH * (double) part.value() / total;
      svg.append(
          String.format(
              Locale.ROOT,
              "<g class=\"bar\"><title>%s: %d</title><rect x=\"%.1f\" y=\"0\" width=\"%.1f\""
                  + " height=\"%d\" fill=\"%s\"/></g>",
              esc(part.name()),
              part.value(),
              x,
              width,
              ROW,
              part.color()));
      x += width;
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(String name, int width, int height) {
    return new StringBuilder()
        .append("<svg class=\"plot\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"")
        .append(" data-plot=\"")
        .append(esc(name))
        .append("\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\"><title>")
        .append(esc(name))
        .append("</title>");
  }

  private static String text(int x, int y, String value, String anchor) {
    return "<text x=\""
        + x
        + "\" y=\""
        + y
        + "\" font-size=\"12\" text-anchor=\""
        + anchor
        + "\">"
        + esc(value)
        + "</text>";
  }

  private static String link(String href, String content) {
    return href == null ? content : "<a href=\"" + esc(href) + "\">" + content + "</a>";
  }

  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.4g", value);
  }
}
