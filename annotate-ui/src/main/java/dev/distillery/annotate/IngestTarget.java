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
 */
public record IngestTarget(TraceSink sink, Path store) {
  public IngestTarget {
    Objects.requireNonNull(sink, "sink");
    store = store.toAbsolutePath().normalize();
  }
}
