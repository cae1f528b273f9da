package dev.distillery.annotate;

import dev.distillery.trace.TraceEvent;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
      drain(ctx, Long.parseLong(length.strip()));
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

  /**
   * {@code POST /api/snapshot}: a consistent copy of the store for a reading command beside the
   * server (DuckDB lets no other process open the file it writes). The copy is the caller's: the
   * answer names its file, which the caller reads and deletes.
   */
  void snapshot(Context ctx) {
    if (target == null || target.snapshots() == null) {
      throw new RefusedException(404, "this server does not make snapshots of its store");
    }
    Path copy = target.snapshots().make();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("path", copy.toString());
    try {
      body.put("bytes", Files.size(copy));
    } catch (IOException e) {
      throw new RefusedException(500, "the snapshot " + copy + " is gone: " + e.getMessage());
    }
    ctx.json(body);
  }

  /**
   * Reads and drops a refused body that is not far over the limit, so that the refusal reaches a
   * client still sending it: answering mid-upload closes the connection under the client, which
   * then sees no answer at all. A body far over the limit is not read.
   */
  private static void drain(Context ctx, long declared) {
    if (declared > 4L * EventJson.MAX_BYTES) {
      return;
    }
    try (java.io.InputStream in = ctx.req().getInputStream()) {
      byte[] buffer = new byte[64 * 1024];
      long left = declared;
      int read;
      while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= read;
      }
    } catch (java.io.IOException e) {
      // the client went away: nobody to answer
    }
  }

  private static RefusedException tooLarge() {
    return new RefusedException(413, "body is larger than " + EventJson.MAX_BYTES + " bytes");
  }
}
