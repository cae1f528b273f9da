package dev.distillery.store;

import dev.distillery.trace.Overview;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * At most ten equal-width buckets per measure, from its smallest to its largest value; turns and
 * tokens in whole-number widths.
 */
final class Histograms {
  static final List<String> NAMES = List.of("turns", "tokens", "cost_usd", "wall_seconds");
  private static final int BUCKETS = 10;

  /** The first measures count whole things (turns, tokens): their buckets have whole widths. */
  private static final int WHOLE_NUMBERS = 2;

  private Histograms() {}

  static Double[] row(ResultSet row) throws SQLException {
    Double[] values = new Double[NAMES.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Jdbc.nullableDouble(row, i + 1);
    }
    return values;
  }

  static List<Overview.Histogram> of(List<Double[]> rows) {
    List<Overview.Histogram> out = new ArrayList<>();
    for (int m = 0; m < NAMES.size(); m++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Double[] row : rows) {
        if (row[m] != null) {
          min = Math.min(min, row[m]);
          max = Math.max(max, row[m]);
        }
      }
      out.add(new Overview.Histogram(NAMES.get(m), buckets(rows, m, min, max)));
    }
    return out;
  }

  private static List<Overview.Bucket> buckets(List<Double[]> rows, int m, double min, double max) {
    if (min > max) {
      return List.of();
    }
    boolean whole = m < WHOLE_NUMBERS;
    int count;
    double width;
    if (whole) {
      width = Math.max(1, Math.ceil((max - min + 1) / BUCKETS));
      count = (int) Math.ceil((max - min + 1) / width);
    } else {
      count = max == min ? 1 : BUCKETS;
      width = (max - min) / count;
    }
    long[] counts = new long[count];
    for (Double[] row : rows) {
      if (row[m] != null) {
        int bucket = width == 0 ? 0 : (int) Math.min(count - 1, (row[m] - min) / width);
        counts[bucket]++;
      }
    }
    List<Overview.Bucket> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double to = i == count - 1 && !whole ? max : min + width * (i + 1);
      out.add(new Overview.Bucket(round(min + width * i), round(to), counts[i]));
    }
    return out;
  }

  private static double round(double value) {
    return Math.round(value * 10000.0) / 10000.0;
  }
}
