package dev.distillery.store.lake;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The lake's unit of commit: the runs of one shard of one suite run, with their events, messages
 * and annotations. Partition values are strings ({@code shard=s2}, never {@code shard=2}), so that
 * DuckDB and Spark read them as the same type.
 *
 * @param suiteRun the suite run's id, {@code none} for runs of no suite
 * @param shard {@code s2} for shard 2 of N, {@code s0} for a suite run that was not sharded
 */
public record LakePartition(String suiteRun, String shard) {
  /** The suite run of runs that belong to none (one-off runs, chats, captured runs). */
  public static final String NO_SUITE_RUN = "none";

  public LakePartition {
    Objects.requireNonNull(suiteRun, "suiteRun");
    Objects.requireNonNull(shard, "shard");
  }

  /**
   * The partition of a run, from its suite run and the {@code "shard": "K/N"} its metadata records.
   */
  static LakePartition of(String suiteRunId, String shardOfN) {
    String shard =
        shardOfN == null || shardOfN.isBlank() || shardOfN.endsWith("/1")
            ? "s0"
            : "s" + shardOfN.substring(0, shardOfN.indexOf('/'));
    return new LakePartition(suiteRunId == null ? NO_SUITE_RUN : suiteRunId, shard);
  }

  /** {@code suite_run=R/shard=sK}, the value escaped as Hive does ({@code %2F} for '/'). */
  public String path() {
    return "suite_run=" + escape(suiteRun) + "/shard=" + escape(shard);
  }

  /** The SQL condition on {@code runs} that selects this partition's runs. */
  String runsWhere() {
    String suite =
        suiteRun.equals(NO_SUITE_RUN)
            ? "suite_run_id IS NULL"
            : "suite_run_id = " + literal(suiteRun);
    String shardOf = "coalesce(json_extract_string(metadata, '$.shard'), '')";
    String mine =
        shard.equals("s0")
            ? "(" + shardOf + " = '' OR " + shardOf + " LIKE '%/1')"
            : "split_part(" + shardOf + ", '/', 1) = " + literal(shard.substring(1));
    return suite + " AND " + mine;
  }

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return path();
  }
}
