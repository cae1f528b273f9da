package dev.distillery.capture.otlp.out;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

/** The exporter, saying once on stderr when the collector did not take spans. */
final class OnceWarning implements SpanExporter {
  private final SpanExporter exporter;
  private final String endpoint;
  private final PrintWriter err;
  private final AtomicBoolean warned = new AtomicBoolean();

  OnceWarning(SpanExporter exporter, String endpoint, PrintWriter err) {
    this.exporter = exporter;
    this.endpoint = endpoint;
    this.err = err;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result = exporter.export(spans);
    result.whenComplete(
        () -> {
          if (!result.isSuccess() && warned.compareAndSet(false, true)) {
            Throwable why = result.getFailureThrowable();
            err.println(
                "· OTLP out: the collector at "
                    + endpoint
                    + " did not take spans ("
                    + (why == null ? "refused" : why.getMessage())
                    + "); runs go on, their spans are dropped");
            err.flush();
          }
        });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return exporter.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return exporter.shutdown();
  }
}
