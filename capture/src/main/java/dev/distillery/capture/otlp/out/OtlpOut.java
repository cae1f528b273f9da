package dev.distillery.capture.otlp.out;

import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceSink;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Native runs as OpenTelemetry GenAI spans, sent to the collector the standard {@code
 * OTEL_EXPORTER_OTLP_*} variables name (http/protobuf): {@code invoke_agent} for the run, {@code
 * chat} for each model call, {@code execute_tool} for each tool call. Spans leave through a bounded
 * queue on a background thread with short timeouts, so a collector that is down or hangs never
 * slows or fails a run; spans it cannot take are dropped, and said once.
 */
public final class OtlpOut implements AutoCloseable {
  // the exporter logs every failed batch through java.util.logging: one line from us instead
  private static final Logger EXPORTER_LOG = Logger.getLogger("io.opentelemetry");
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private final SdkTracerProvider provider;
  private final SpanWriter writer;
  private final String endpoint;

  private OtlpOut(OtlpSettings settings, PrintWriter err) {
    EXPORTER_LOG.setLevel(Level.OFF);
    OtlpHttpSpanExporterBuilder builder =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(settings.endpoint())
            .setTimeout(settings.timeout())
            .setConnectTimeout(Duration.ofSeconds(2))
            // one quick retry: a collector that is down is said once, early, not after minutes
            .setRetryPolicy(
                RetryPolicy.builder()
                    .setMaxAttempts(2)
                    .setInitialBackoff(Duration.ofMillis(100))
                    .build());
    settings.headers().forEach(builder::addHeader);
    if (settings.gzip()) {
      builder.setCompression("gzip");
    }
    this.endpoint = settings.endpoint();
    this.provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.builder()
                                .put("service.name", settings.serviceName())
                                .build())))
            .addSpanProcessor(
                BatchSpanProcessor.builder(new OnceWarning(builder.build(), endpoint, err))
                    .setMaxQueueSize(4096)
                    .setMaxExportBatchSize(512)
                    .setScheduleDelay(Duration.ofMillis(500))
                    .setExporterTimeout(settings.timeout())
                    .build())
            .build();
    this.writer = new SpanWriter(provider.get("dev.distillery"));
  }

  /**
   * OTLP out as the environment asks for it, or empty when no endpoint is set (or {@code
   * OTEL_SDK_DISABLED=true}, {@code OTEL_TRACES_EXPORTER=none}).
   *
   * @param err where to say, once, that spans could not be sent
   */
  public static Optional<OtlpOut> fromEnvironment(Map<String, String> env, PrintWriter err) {
    return OtlpSettings.from(env, err).map(settings -> new OtlpOut(settings, err));
  }

  public String endpoint() {
    return endpoint;
  }

  /**
   * The sink that records into {@code sink} first, then turns the event into spans. Put it inside
   * the secret guard, so that spans are made of scrubbed events.
   */
  public TraceSink around(TraceSink sink) {
    return new TraceSink() {
      @Override
      public void record(TraceEvent event) {
        sink.record(event);
        writer.accept(event);
      }

      @Override
      public void recordAll(List<TraceEvent> events) {
        sink.recordAll(events);
        events.forEach(writer::accept);
      }
    };
  }

  /** Sends what is queued, waiting at most a second, and stops. */
  @Override
  public void close() {
    writer.endOpen();
    provider.forceFlush().join(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    provider.shutdown();
  }
}
