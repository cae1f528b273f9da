package dev.distillery.cli;

import dev.distillery.capture.otlp.out.OtlpOut;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.StoreLockedException;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.KnownSecrets;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where {@code run}, {@code run --suite} and {@code chat} record: the store file itself, or, while
 * {@code distillery serve} holds it, that server's ingest. Either way a step is durable when {@link
 * TraceSink#record} returns.
 */
final class TraceTarget implements AutoCloseable {
  private final DuckDbTraceStore store;
  private final ServeFile server;
  private final TraceSink sink;
  private final List<AutoCloseable> owned = new CopyOnWriteArrayList<>();
  private final Optional<OtlpOut> otlp;

  private TraceTarget(DuckDbTraceStore store, ServeFile server, Optional<OtlpOut> otlp) {
    this.store = store;
    this.server = server;
    this.otlp = otlp;
    TraceSink target = store != null ? store : new Remote(server.client(), server);
    // the process's credentials never reach the store, a server or a collector's spans
    this.sink = KnownSecrets.process().guard(otlp.map(out -> out.around(target)).orElse(target));
  }

  /**
   * The server of this store when one is running, else the store opened for writing.
   *
   * @param err where to say that recording goes through a server
   */
  static TraceTarget open(Path file, PrintWriter err) throws InterruptedException {
    return open(file, err, Map.of());
  }

  /**
   * As {@link #open(Path, PrintWriter)}; when {@code env} names an OTLP endpoint ({@code
   * OTEL_EXPORTER_OTLP_ENDPOINT}), the runs' steps also go there as GenAI spans.
   */
  static TraceTarget open(Path file, PrintWriter err, Map<String, String> env)
      throws InterruptedException {
    Optional<ServeFile> server = ServeFile.find(file);
    if (server.isEmpty()) {
      try {
        return new TraceTarget(DuckDbTraceStore.open(file), null, otlp(env, err));
      } catch (StoreLockedException locked) {
        // a server may hold the file before it has written its serve file: give it a moment
        server = ServeFile.await(file);
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while waiting for distillery serve");
        }
        server = Optional.of(server.orElseThrow(() -> locked));
      }
    }
    err.println("· recording through distillery serve at " + server.get().url());
    err.flush();
    return new TraceTarget(null, server.get(), otlp(env, err));
  }

  private static Optional<OtlpOut> otlp(Map<String, String> env, PrintWriter err) {
    Optional<OtlpOut> otlp = OtlpOut.fromEnvironment(env, err);
    otlp.ifPresent(out -> err.println("· sending spans to " + out.endpoint() + " (OTLP)"));
    err.flush();
    return otlp;
  }

  TraceSink sink() {
    return sink;
  }

  /** The store, to read runs back from, when events go into the file rather than a server. */
  Optional<TraceRepository> repository() {
    return Optional.ofNullable(store);
  }

  /** Whether events go through a server rather than into the file. */
  boolean remote() {
    return store == null;
  }

  /** The server's client; only when {@link #remote()}. */
  IngestClient client() {
    return server.client();
  }

  /** Every run of a suite run, newest first. */
  List<Run> suiteRuns(String suiteRunId) {
    if (store != null) {
      return store.runs(
          RunFilter.builder().suiteRunId(suiteRunId).limit(Integer.MAX_VALUE).build());
    }
    try {
      return server.client().suiteRuns(suiteRunId);
    } catch (IngestException e) {
      throw new DistilleryException(e.getMessage(), e);
    }
  }

  /** Closes {@code resource} with this target (a copy of the store read beside it). */
  <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  @Override
  public void close() {
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        // a copy that cannot be closed is left for Snapshots' sweep
      }
    }
    otlp.ifPresent(OtlpOut::close);
    if (store != null) {
      store.close();
    }
  }

  /** The server's ingest, with a message that says what became of the run when it is gone. */
  private record Remote(IngestClient client, ServeFile server) implements TraceSink {
    @Override
    public void record(TraceEvent event) {
      try {
        client.record(event);
      } catch (IngestException e) {
        throw failed(e, event);
      }
    }

    @Override
    public void recordAll(List<TraceEvent> events) {
      try {
        client.recordAll(events);
      } catch (IngestException e) {
        throw failed(e, events.get(0));
      }
    }

    private DistilleryException failed(IngestException e, TraceEvent event) {
      if (e.unreachable()) {
        return new DistilleryException(
            "distillery serve (PID "
                + server.pid()
                + ") stopped answering while recording run "
                + event.runId()
                + ": the steps it took before are kept, and the run is marked interrupted when"
                + " the store is next opened; start serve again, or stop it, and rerun",
            e);
      }
      return new DistilleryException(
          "could not record run " + event.runId() + ": " + e.getMessage(), e);
    }
  }
}
