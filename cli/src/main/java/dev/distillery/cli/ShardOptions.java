package dev.distillery.cli;

import dev.distillery.runtime.suite.Shard;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Checks {@code run}'s {@code --suite-run}, {@code --shard} and {@code --lake} together. */
final class ShardOptions {
  /** What a suite run's id may be: it names a folder of the lake. */
  static final Pattern SUITE_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private ShardOptions() {}

  /**
   * The shard to run, {@link Shard#WHOLE} without {@code --shard}.
   *
   * @throws UsageException when the options do not go together
   */
  static Shard check(Path suite, String resume, String suiteRun, String shard, Path lake) {
    if (suite == null && (suiteRun != null || shard != null)) {
      throw new UsageException("--suite-run and --shard need --suite FILE");
    }
    if (suite == null && resume == null && lake != null) {
      throw new UsageException("--lake needs --suite FILE (or --resume)");
    }
    if (suiteRun != null && resume != null) {
      throw new UsageException(
          "--suite-run names a suite run that goes on by itself when run again: drop --resume");
    }
    if (suiteRun != null && !SUITE_RUN_ID.matcher(suiteRun).matches()) {
      throw new UsageException(
          "--suite-run must be letters, digits, '.', '_' or '-' (at most 128), starting with a"
              + " letter or digit: got '"
              + suiteRun
              + "'");
    }
    if (shard == null) {
      return Shard.WHOLE;
    }
    if (suiteRun == null) {
      throw new UsageException(
          "--shard needs --suite-run ID, so that the shards make one suite run");
    }
    try {
      return Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--shard: " + e.getMessage());
    }
  }
}
