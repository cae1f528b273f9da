package dev.distillery.annotate;

import dev.distillery.trace.TraceEvent;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code GET /api/health} and {@code POST /api/ingest}: how other processes record through us. */
final class IngestController {
  private final IngestTarget target;
  private final Ingest ingest;

  IngestController(IngestTarget target, Ingest ingest) {
    this.target = target;
    this.ingest = ingest;
  }

  void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("pid", ProcessHandle.current().pid());
    body.put("store", target == null ? null : target.store().toString());
    body.put("ingest", target != null);
    ctx.json(body);
  }

  void ingest(Context ctx) {
    if (ingest == null) {
      throw new RefusedException(404, "this server does not record events (no ingest)");
    }
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new RefusedException(415, "send events as Content-Type: application/json");
    }
    String length = ctx.header("Content-Length");
    if (length != null
        && length.strip().matches("\\d{1,12}")
        && Long.parseLong(length.strip()) > EventJson.MAX_BYTES) {
      throw tooLarge();
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > EventJson.MAX_BYTES) {
      throw tooLarge();
    }
    List<TraceEvent> events = EventJson.read(body);
    Ingest.Result result = ingest.accept(events);
    ctx.json(Map.of("committed", result.committed(), "duplicates", result.duplicates()));
  }

  private static RefusedException tooLarge() {
    return new RefusedException(413, "body is larger than " + EventJson.MAX_BYTES + " bytes");
  }
}
