package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.lake.Lake;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --lake DIR} on the reading commands: read the lake's committed partitions instead of a
 * store file, through the same tables and views ({@link Lake#open}).
 */
final class LakeOption {
  @Option(
      names = "--lake",
      paramLabel = "DIR",
      description =
          "Read a lake (distillery lake push) instead of a store: its committed shards, through"
              + " the same tables and views.")
  Path lake;

  boolean given() {
    return lake != null;
  }

  /** The lake as a store when {@code --lake} is given, else the store as the command reads it. */
  DuckDbTraceStore open(StoreOption store, Context context, PrintWriter err, boolean forQueries) {
    if (lake == null) {
      Path file = store.resolve(context);
      return forQueries ? Stores.forQueries(file, err) : Stores.forReading(file, err);
    }
    return instead(store, context, lake).open(forQueries);
  }

  /**
   * The lake at {@code dir} that a command reads or serves instead of a store.
   *
   * @throws UsageException when {@code --store} is given too
   */
  static Lake instead(StoreOption store, Context context, Path dir) {
    if (store.store != null) {
      throw new UsageException("--store and --lake: give one, not both");
    }
    return at(context, dir);
  }

  /** The lake at {@code dir}, resolved against the command's working directory. */
  static Lake at(Context context, Path dir) {
    return new Lake(context.cwd().resolve(dir));
  }
}
