package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.StoreLockedException;
import dev.distillery.store.StoreVersionException;
import dev.distillery.trace.DistilleryException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opens the store for the reading commands: the file itself (read-only, migrating an older file
 * first), or, while {@code distillery serve} holds it, a snapshot that serve makes ({@link
 * Snapshots}). A store that is locked by a serve that is still starting is waited for a moment.
 */
final class Stores {
  private Stores() {}

  /**
   * @param err where to say that the store was read from a snapshot
   */
  static DuckDbTraceStore forReading(Path file, PrintWriter err) {
    return open(file, false, err);
  }

  /** As {@link #forReading}, locked down for SQL ({@link DuckDbTraceStore#query}, streams). */
  static DuckDbTraceStore forQueries(Path file, PrintWriter err) {
    return open(file, true, err);
  }

  private static DuckDbTraceStore open(Path file, boolean forQueries, PrintWriter err) {
    try {
      return here(file, forQueries);
    } catch (StoreLockedException locked) {
      return Snapshots.read(server(file, locked), file, forQueries, err);
    }
  }

  /**
   * The file itself, read-only, for SQL when {@code forQueries}.
   *
   * @throws StoreLockedException when a process writes it
   */
  static DuckDbTraceStore here(Path file, boolean forQueries) {
    return open(
        file,
        forQueries ? DuckDbTraceStore::openReadOnlyForQueries : DuckDbTraceStore::openReadOnly);
  }

  /**
   * The serve that holds a file found locked, waiting a moment for one that is starting.
   *
   * @throws StoreLockedException {@code locked}, when no serve holds the file
   */
  static ServeFile server(Path file, StoreLockedException locked) {
    return ServeFile.await(file).orElseThrow(() -> locked);
  }

  /** What a writing command does with the store, or with the server that holds it. */
  @FunctionalInterface
  interface Work<S, T> {
    T apply(S on) throws InterruptedException;
  }

  /**
   * For the commands that write labels and judgements: {@code here} on the store file itself, or,
   * while {@code distillery serve} holds it, {@code served} through that server (said on {@code
   * err}: "· {@code doing} through distillery serve at URL"). A refusal from the server is the line
   * the store itself would have given.
   *
   * @param doing what the command does, in words: "labelling", "judging"
   */
  static <T> T withStore(
      Path file,
      PrintWriter err,
      String doing,
      Work<DuckDbTraceStore, T> here,
      Work<IngestClient, T> served)
      throws InterruptedException {
    ServeFile server = ServeFile.find(file).orElse(null);
    if (server == null) {
      if (!Files.exists(file)) {
        throw new DistilleryException(
            "no store at " + file + "; run `distillery demo` or pass --store");
      }
      try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
        return here.apply(store);
      } catch (StoreLockedException locked) {
        server = server(file, locked);
      }
    }
    err.println("· " + doing + " through distillery serve at " + server.url());
    err.flush();
    try {
      return served.apply(server.client());
    } catch (IngestException e) {
      if (e.unreachable()) {
        throw e;
      }
      // the server's reason is the line the store itself would have given
      throw new DistilleryException(e.reason());
    }
  }

  /**
   * The store for a command that reads a run back and writes on (resume, fork, retry); those do not
   * go through a server, so a served store is a clear message rather than a lock error.
   */
  static DuckDbTraceStore forDurable(Path file, String command) {
    try {
      return DuckDbTraceStore.open(file);
    } catch (StoreLockedException e) {
      Optional<ServeFile> server = ServeFile.await(file);
      if (server.isEmpty()) {
        throw e;
      }
      throw new DistilleryException(
          "store "
              + file
              + " is held by distillery serve (PID "
              + server.get().pid()
              + "): "
              + command
              + " reads the run back from the store itself, so stop serve, then run it again");
    }
  }

  private static DuckDbTraceStore open(Path file, Function<Path, DuckDbTraceStore> opener) {
    try {
      return opener.apply(file);
    } catch (StoreVersionException e) {
      if (e.found() >= e.supported()) {
        throw e;
      }
      // a file from an older distillery: a read-write open migrates it, then read as asked
      DuckDbTraceStore.open(file).close();
      return opener.apply(file);
    }
  }
}
