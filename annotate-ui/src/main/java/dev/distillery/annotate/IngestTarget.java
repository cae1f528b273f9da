package dev.distillery.annotate;

import dev.distillery.trace.TraceSink;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server records events that other processes send to {@code POST /api/ingest}.
 *
 * @param sink durable when it returns; the server answers only after that
 * @param store the store file, as {@code GET /api/health} names it so clients can tell they found
 *     the server of their store
 * @param snapshots makes the copies that {@code POST /api/snapshot} hands out, or null for none
 */
public record IngestTarget(TraceSink sink, Path store, Snapshots snapshots) {
  /** Makes a consistent copy of the store, as of now, in a new file that the caller then owns. */
  @FunctionalInterface
  public interface Snapshots {
    /** The copy's path. */
    Path make();
  }

  public IngestTarget {
    Objects.requireNonNull(sink, "sink");
    store = store.toAbsolutePath().normalize();
  }

  /** A target that hands out no snapshots. */
  public IngestTarget(TraceSink sink, Path store) {
    this(sink, store, null);
  }
}
