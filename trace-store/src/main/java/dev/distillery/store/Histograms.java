package dev.distillery.store;

import dev.distillery.trace.Overview;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * At most ten equal-width buckets per measure of the overview's runs ({@link OverviewRuns}), from
 * its smallest to its largest value; turns and tokens in whole-number widths. DuckDB counts the
 * runs per bucket, in the overview's statement, and sends only the buckets that have some; the
 * empty ones are filled in here.
 */
final class Histograms {
  static final List<String> NAMES = List.of("turns", "tokens", "cost_usd", "wall_seconds");

  /**
   * Per measure (runs without the value left out, as UNPIVOT leaves out NULLs): its range, bucket
   * width and count; CTEs of the overview's statement.
   */
  static final String CTES =
      """
      measures AS (
        UNPIVOT (SELECT turns::DOUBLE AS turns, tokens::DOUBLE AS tokens, cost_usd, wall_seconds
                 FROM overview_runs)
        ON turns, tokens, cost_usd, wall_seconds INTO NAME measure VALUE v
      ), ranges AS (
        SELECT measure, min(v) AS lo, max(v) AS hi, measure IN ('turns', 'tokens') AS whole
        FROM measures GROUP BY measure
      ), widths AS (
        SELECT *, CASE WHEN whole THEN greatest(1, ceil((hi - lo + 1) / 10))
          WHEN hi = lo THEN 0 ELSE (hi - lo) / 10 END AS width
        FROM ranges
      ), shapes AS (
        SELECT *, CASE WHEN whole THEN ceil((hi - lo + 1) / width) WHEN hi = lo THEN 1
          ELSE 10 END::INTEGER AS buckets
        FROM widths
      )
      """;

  /**
   * The runs in each bucket that has some: {@code floor((v - lo) / width)}, the last bucket also
   * holding the largest value; n = [lo, hi, width, buckets, bucket, runs].
   */
  static final String BUCKETS =
      """
      SELECT 'bucket', bucket, measure, NULL, NULL,
        [lo, hi, width, buckets, bucket, count(*)]::DOUBLE[]
      FROM (SELECT measure, lo, hi, width, buckets, least(buckets - 1,
              CASE WHEN width = 0 THEN 0 ELSE floor((v - lo) / width) END)::INTEGER AS bucket
            FROM measures JOIN shapes USING (measure))
      GROUP BY measure, lo, hi, width, buckets, bucket
      """;

  private Histograms() {}

  /** Adds one bucket row of a measure. */
  static void add(Map<String, Shape> shapes, String measure, double[] n) {
    shapes.computeIfAbsent(
                measure,
                name ->
                    new Shape(
                        name.equals("turns") || name.equals("tokens"),
                        n[0],
                        n[1],
                        n[2],
                        new long[(int) n[3]]))
            .counts()[(int) n[4]] +=
        (long) n[5];
  }

  /** One histogram per measure, in {@link #NAMES} order; none for a measure without values. */
  static List<Overview.Histogram> of(Map<String, Shape> shapes) {
    List<Overview.Histogram> out = new ArrayList<>();
    for (String name : NAMES) {
      Shape shape = shapes.get(name);
      out.add(new Overview.Histogram(name, shape == null ? List.of() : shape.buckets()));
    }
    return out;
  }

  /** A measure's range, bucket width and runs per bucket. */
  record Shape(boolean whole, double lo, double hi, double width, long[] counts) {
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
