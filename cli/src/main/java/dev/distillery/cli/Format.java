package dev.distillery.cli;

import dev.distillery.trace.EventSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Small text renderings shared by the commands. */
final class Format {
  private Format() {}

  /** "3s", "5m", "2h", "4d" ago. */
  static String age(Instant then, Instant now) {
    long seconds = Math.max(0, Duration.between(then, now).getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m";
    }
    if (seconds < 86400) {
      return seconds / 3600 + "h";
    }
    return seconds / 86400 + "d";
  }

  static String millis(Long millis) {
    return EventSummary.millis(millis);
  }

  static String cost(Double usd) {
    return usd == null ? "-" : String.format(Locale.ROOT, "$%.4f", usd);
  }

  /** "1 turn", "2 turns": a count with its noun, plural unless the count is one. */
  static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }

  static String percent(Double fraction) {
    return fraction == null ? "-" : String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  /** The first line of a text, cut to a width. */
  static String firstLine(String text, int width) {
    return EventSummary.firstLine(text, width);
  }

  /** The short form of an id that people type: enough to be unique in practice. */
  static String shortId(String id) {
    return id.length() <= 14 ? id : id.substring(0, 14);
  }
}
