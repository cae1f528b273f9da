package dev.distillery.capture.otlp;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.AnnotateServer;
import dev.distillery.annotate.IngestTarget;
import dev.distillery.store.DuckDbTraceStore;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Serve's app over a real store file, with the OTLP receiver mounted, on a free port. */
final class OtlpServer implements AutoCloseable {
  final DuckDbTraceStore store;
  final OtlpReceiver receiver = new OtlpReceiver(Duration.ofHours(1));
  final Javalin app;

  OtlpServer(Path dir, String token) {
    Path file = dir.resolve("t.duckdb");
    store = DuckDbTraceStore.open(file);
    app =
        AnnotateServer.create(
            store,
            null,
            new IngestTarget(store, file),
            new AnnotateOptions("tester", token),
            List.of(receiver));
    app.start("127.0.0.1", 0);
  }

  String tracesUrl() {
    return "http://127.0.0.1:" + app.port() + "/v1/traces";
  }

  @Override
  public void close() {
    app.stop();
    store.close();
  }
}
