package dev.distillery.capture.otlp;

import com.google.protobuf.CodedOutputStream;
import dev.distillery.annotate.ServerExtension;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/traces} on serve's port: OTLP/HTTP trace exports, protobuf or JSON, gzipped or
 * not, become runs (mode {@code otlp}). Answers as the OTLP/HTTP spec says: 200 with an
 * ExportTraceServiceResponse in the request's encoding, 400 with a google.rpc.Status for a payload
 * that cannot be read (nothing of it is kept).
 */
public final class OtlpReceiver implements ServerExtension {
  /** How long a trace without a root span waits for more spans, unless told otherwise. */
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(OtlpReceiver.class);
  private static final int MAX_BODY = 64 << 20;
  private static final int INVALID_ARGUMENT = 3;

  private final Duration idle;
  private final Clock clock;
  private PendingTraces traces;
  private ScheduledExecutorService timer;

  public OtlpReceiver(Duration idle) {
    this(idle, Clock.systemUTC());
  }

  OtlpReceiver(Duration idle, Clock clock) {
    this.idle = idle;
    this.clock = clock;
  }

  @Override
  public List<String> pathPrefixes() {
    return List.of("/v1/traces");
  }

  @Override
  public void install(RoutesConfig routes, TraceSink sink, TraceRepository repository) {
    traces = new PendingTraces(sink, repository, idle, clock);
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "otlp-idle-traces");
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(100, Math.min(1000, idle.toMillis() / 2));
    timer.scheduleWithFixedDelay(this::flushIdle, every, every, TimeUnit.MILLISECONDS);
    routes.post("/v1/traces", this::export);
  }

  private void export(Context ctx) {
    boolean json =
        ctx.contentType() != null
            && ctx.contentType().toLowerCase(Locale.ROOT).startsWith("application/json");
    List<OtlpSpan> spans;
    try {
      byte[] body = OtlpDecoder.body(read(ctx), ctx.header("Content-Encoding"));
      spans = OtlpDecoder.spans(OtlpDecoder.parse(body, json));
    } catch (OtlpException e) {
      refuse(ctx, json, e.getMessage());
      return;
    }
    traces.add(spans);
    if (json) {
      ctx.status(200).contentType("application/json").result("{}");
    } else {
      ctx.status(200)
          .contentType("application/x-protobuf")
          .result(ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }
  }

  private static byte[] read(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BODY) {
          throw new OtlpException("the body is larger than " + (MAX_BODY >> 20) + " MiB");
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 400 with a google.rpc.Status (code 3, INVALID_ARGUMENT) in the request's encoding. */
  private static void refuse(Context ctx, boolean json, String message) {
    ctx.status(400);
    if (json) {
      ctx.contentType("application/json")
          .result(
              GenAiMessages.JSON
                  .createObjectNode()
                  .put("code", INVALID_ARGUMENT)
                  .put("message", message)
                  .toString());
      return;
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, INVALID_ARGUMENT);
      out.writeString(2, message);
      out.flush();
      ctx.contentType("application/x-protobuf").result(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void flushIdle() {
    try {
      traces.flushIdle();
    } catch (RuntimeException e) {
      LOG.warn("could not record an OTLP trace that waited for its root span: {}", e.getMessage());
    }
  }

  /** Spans still waiting: for tests and the server's stop. */
  int waiting() {
    return traces.waiting();
  }

  /** Records every trace still waiting for its root span. */
  void flush() {
    traces.flushAll();
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    if (traces != null) {
      try {
        traces.flushAll();
      } catch (RuntimeException e) {
        LOG.warn("could not record the OTLP traces still waiting: {}", e.getMessage());
      }
    }
  }
}
