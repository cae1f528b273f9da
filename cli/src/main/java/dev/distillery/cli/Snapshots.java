package dev.distillery.cli;

import dev.distillery.annotate.IngestTarget;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.DistilleryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Point-in-time copies of a served store, for the reading commands beside {@code distillery serve}:
 * DuckDB lets no other process open a file that a process writes, so serve copies its store into a
 * file beside it ({@code <store>.snapshot-<random>.duckdb}, readable by its owner only) and the
 * reader opens that copy read-only, then deletes it. Serve removes any copy left behind when it
 * stops.
 */
final class Snapshots implements IngestTarget.Snapshots, AutoCloseable {
  private static final String INFIX = ".snapshot-";
  private static final String SUFFIX = ".duckdb";

  private final DuckDbTraceStore store;
  private final Set<Path> made = ConcurrentHashMap.newKeySet();

  /** The maker, on the server's side. */
  Snapshots(DuckDbTraceStore store) {
    this.store = store;
  }

  @Override
  public Path make() {
    Path file = store.file().toAbsolutePath().normalize();
    Path copy;
    try {
      // created readable by its owner only, like the serve file
      copy = Files.createTempFile(file.getParent(), file.getFileName() + INFIX, SUFFIX);
    } catch (IOException e) {
      throw new DistilleryException("could not make a snapshot beside " + file + ": " + e, e);
    }
    made.add(copy);
    try {
      store.snapshotTo(copy);
      return copy;
    } catch (RuntimeException e) {
      delete(copy);
      throw e;
    }
  }

  /** Removes the copies that no reader removed (a reader that was killed, say). */
  @Override
  public void close() {
    made.forEach(Snapshots::delete);
    made.clear();
  }

  /**
   * On the reader's side: a copy of the store that {@code server} holds, opened read-only; closing
   * the store deletes the copy. Says so in one line on {@code err}.
   */
  static DuckDbTraceStore read(ServeFile server, Path store, boolean forQueries, PrintWriter err) {
    Path copy;
    try {
      copy = server.client().snapshot();
    } catch (IngestException e) {
      if (e.status() == 404) {
        throw new DistilleryException(
            "store "
                + store
                + " is held by a distillery serve (PID "
                + server.pid()
                + ") too old to hand out snapshots: restart it, or stop it, to use this command",
            e);
      }
      throw new DistilleryException(
          "store " + store + " is held by distillery serve, and " + e.getMessage(), e);
    }
    if (!isCopyOf(copy, store)) {
      // never open, let alone delete, a file that is not a copy beside this store
      throw new DistilleryException(
          "distillery serve at "
              + server.url()
              + " named "
              + copy
              + " as its snapshot of "
              + store
              + ", which is not a snapshot beside it");
    }
    err.println("· reading a snapshot from distillery serve at " + server.url());
    err.flush();
    return DuckDbTraceStore.openSnapshot(copy, forQueries);
  }

  static boolean isCopyOf(Path copy, Path store) {
    Path file = store.toAbsolutePath().normalize();
    Path candidate = copy.toAbsolutePath().normalize();
    String name = candidate.getFileName().toString();
    return file.getParent().equals(candidate.getParent())
        && name.startsWith(file.getFileName() + INFIX)
        && name.endsWith(SUFFIX)
        && Files.isRegularFile(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  private static void delete(Path copy) {
    try {
      Files.deleteIfExists(copy);
    } catch (IOException e) {
      // only disk space; nothing reads it
    }
  }
}
