package dev.distillery.store;

import dev.distillery.trace.Overview;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At most ten equal-width buckets per measure of the overview's runs ({@link OverviewRuns}), from
 * its smallest to its largest value; turns and tokens in whole-number widths. DuckDB counts the
 * runs per bucket and sends only the buckets that have some; the empty ones are filled in here.
 */
final class Histograms {
  static final List<String> NAMES = List.of("turns", "tokens", "cost_usd", "wall_seconds");

  /**
   * Per measure (runs without the value left out, as UNPIVOT leaves out NULLs): its range, bucket
   * width and count, then each run's bucket, {@code floor((v - lo) / width)}, the last one also
   * holding the largest value.
   */
  private static final String BUCKETS =
      """
      WITH v AS (
        UNPIVOT (SELECT turns::DOUBLE AS turns, tokens::DOUBLE AS tokens, cost_usd,
                   (epoch_ms(ended_at) - epoch_ms(started_at)) / 1000.0 AS wall_seconds
                 FROM overview_runs)
        ON turns, tokens, cost_usd, wall_seconds INTO NAME measure VALUE v
      ), ranges AS (
        SELECT measure, min(v) AS lo, max(v) AS hi, measure IN ('turns', 'tokens') AS whole
        FROM v GROUP BY measure
      ), widths AS (
        SELECT *, CASE WHEN whole THEN greatest(1, ceil((hi - lo + 1) / 10))
          WHEN hi = lo THEN 0 ELSE (hi - lo) / 10 END AS width
        FROM ranges
      ), shapes AS (
        SELECT *, CASE WHEN whole THEN ceil((hi - lo + 1) / width) WHEN hi = lo THEN 1
          ELSE 10 END::INTEGER AS buckets
        FROM widths
      )
      SELECT measure, lo, hi, width, buckets,
        least(buckets - 1, CASE WHEN width = 0 THEN 0 ELSE floor((v - lo) / width) END)::INTEGER,
        count(*)
      FROM v JOIN shapes USING (measure)
      GROUP BY ALL
      """;

  private Histograms() {}

  /**
   * One histogram per measure, in {@link #NAMES} order; no buckets for a measure without values.
   */
  static List<Overview.Histogram> of(Connection c) throws SQLException {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (Row row : Jdbc.list(c, BUCKETS, List.of(), Row::of)) {
      shapes.computeIfAbsent(
                  row.measure(),
                  name ->
                      new Shape(
                          name.equals("turns") || name.equals("tokens"),
                          row.lo(),
                          row.hi(),
                          row.width(),
                          new long[row.buckets()]))
              .counts()[row.bucket()] +=
          row.runs();
    }
    List<Overview.Histogram> out = new ArrayList<>();
    for (String name : NAMES) {
      Shape shape = shapes.get(name);
      out.add(new Overview.Histogram(name, shape == null ? List.of() : shape.buckets()));
    }
    return out;
  }

  /** One bucket that has runs, with its measure's shape. */
  private record Row(
      String measure, double lo, double hi, double width, int buckets, int bucket, long runs) {
    static Row of(ResultSet row) throws SQLException {
      return new Row(
          row.getString(1),
          row.getDouble(2),
          row.getDouble(3),
          row.getDouble(4),
          row.getInt(5),
          row.getInt(6),
          row.getLong(7));
    }
  }

  private record Shape(boolean whole, double lo, double hi, double width, long[] counts) {
    List<Overview.Bucket> buckets() {
      List<Overview.Bucket> out = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        double to = i == counts.length - 1 && !whole ? hi : lo + width * (i + 1);
        out.add(new Overview.Bucket(round(lo + width * i), round(to), counts[i]));
      }
      return out;
    }
  }

  private static double round(double value) {
    return Math.round(value * 10000.0) / 10000.0;
  }
}
