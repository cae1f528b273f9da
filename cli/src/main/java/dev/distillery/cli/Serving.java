package dev.distillery.cli;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.AnnotateServer;
import dev.distillery.annotate.IngestTarget;
import dev.distillery.annotate.ServerExtension;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.StoreLockedException;
import dev.distillery.trace.DistilleryException;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A started annotation server over a store it holds: pages, API and ingest, and the serve file that
 * lets other commands find it. Closing removes the file, stops the server, closes the store.
 */
final class Serving implements AutoCloseable {
  static final Duration LOCK_POLL = Duration.ofMillis(250);

  private final DuckDbTraceStore store;
  private final Javalin app;
  private final ServeFile serveFile;
  private final Snapshots snapshots;
  private boolean closed;

  private Serving(DuckDbTraceStore store, Javalin app, ServeFile serveFile, Snapshots snapshots) {
    this.store = store;
    this.app = app;
    this.serveFile = serveFile;
    this.snapshots = snapshots;
  }

  /**
   * Opens the store (waiting, with one line on {@code err}, while another process writes it),
   * starts the server and writes the serve file.
   */
  static Serving start(Path file, String host, int port, AnnotateOptions options, PrintWriter err)
      throws InterruptedException {
    return start(file, host, port, options, List.of(), err);
  }

  /**
   * As {@link #start(Path, String, int, AnnotateOptions, PrintWriter)}, with routes other modules
   * add (capture's proxy and OTLP receiver); the server closes them when it stops.
   */
  static Serving start(
      Path file,
      String host,
      int port,
      AnnotateOptions options,
      List<ServerExtension> extensions,
      PrintWriter err)
      throws InterruptedException {
    DuckDbTraceStore store = openWhenFree(file, err);
    try {
      Snapshots snapshots = new Snapshots(store);
      Javalin app =
          AnnotateServer.create(
              store,
              store.console(),
              new IngestTarget(store, store.file(), snapshots),
              options,
              extensions);
      try {
        app.start(host, port);
      } catch (RuntimeException e) {
        throw new DistilleryException(
            "cannot serve on " + host + ":" + port + ": " + rootMessage(e));
      }
      ServeFile serveFile =
          new ServeFile(
              URI.create("http://" + clientHost(host) + ":" + app.port() + "/"),
              options.token(),
              ProcessHandle.current().pid(),
              store.file().toAbsolutePath().normalize());
      try {
        serveFile.write();
      } catch (RuntimeException e) {
        app.stop();
        throw e;
      }
      return new Serving(store, app, serveFile, snapshots);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static DuckDbTraceStore openWhenFree(Path file, PrintWriter err)
      throws InterruptedException {
    boolean told = false;
    while (true) {
      try {
        return DuckDbTraceStore.open(file);
      } catch (StoreLockedException e) {
        Optional<ServeFile> other = ServeFile.find(file);
        if (other.isPresent()) {
          throw new DistilleryException(
              "store "
                  + file
                  + " is already served at "
                  + other.get().url()
                  + " (PID "
                  + other.get().pid()
                  + ")");
        }
        if (!told) {
          String who = e.pid().isPresent() ? " (PID " + e.pid().getAsLong() + ")" : "";
          err.println(
              "store "
                  + file
                  + " is in use by another distillery"
                  + who
                  + "; serving it as soon as that one lets go (Ctrl-C to give up)");
          err.flush();
          told = true;
        }
        // DuckDB cannot wait for its file lock, so ask again a little later
        Thread.sleep(LOCK_POLL.toMillis());
      }
    }
  }

  DuckDbTraceStore store() {
    return store;
  }

  int port() {
    return app.port();
  }

  URI url() {
    return serveFile.url();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    serveFile.delete();
    try {
      app.stop();
    } finally {
      snapshots.close();
      store.close();
    }
  }

  /** Where a client on this machine reaches a server bound to {@code host}. */
  private static String clientHost(String host) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return "127.0.0.1";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
