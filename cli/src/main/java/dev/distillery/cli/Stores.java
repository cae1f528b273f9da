package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.StoreLockedException;
import dev.distillery.store.StoreVersionException;
import dev.distillery.trace.DistilleryException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Opens the store for the reading commands, migrating an older file first. */
final class Stores {
  private Stores() {}

  static DuckDbTraceStore forReading(Path file) {
    return open(file, DuckDbTraceStore::openReadOnly);
  }

  /**
   * The store for a command that reads a run back and writes on (resume, fork, retry); those do not
   * go through a server, so a served store is a clear message rather than a lock error.
   */
  static DuckDbTraceStore forDurable(Path file, String command) {
    try {
      return DuckDbTraceStore.open(file);
    } catch (StoreLockedException e) {
      Optional<ServeFile> server = ServeFile.find(file);
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

  static DuckDbTraceStore forQueries(Path file) {
    return open(file, DuckDbTraceStore::openReadOnlyForQueries);
  }

  private static DuckDbTraceStore open(Path file, Function<Path, DuckDbTraceStore> opener) {
    try {
      return opener.apply(file);
    } catch (StoreLockedException e) {
      Optional<ServeFile> server = ServeFile.find(file);
      if (server.isEmpty()) {
        throw e;
      }
      // DuckDB lets nobody else read a file while a process writes it
      URI url = server.get().url();
      throw new DistilleryException(
          "store "
              + file
              + " is held by distillery serve (PID "
              + server.get().pid()
              + "): browse it at "
              + url
              + ", query it with distillery sql (which asks the server) or at "
              + url.resolve("sql")
              + ", or stop serve to use this command");
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
