package dev.distillery.cli;

import dev.distillery.annotate.ServerExtension;
import dev.distillery.capture.otlp.OtlpReceiver;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code serve}'s options for the OTLP receiver on {@code /v1/traces}. */
final class OtlpServeOptions {
  @Option(
      names = "--no-otlp",
      description = "Do not take OTLP traces on /v1/traces (they are taken by default).")
  boolean off;

  @Option(
      names = "--otlp-idle",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "A trace whose root span has not come is recorded after this many seconds without a"
              + " new span of it (default 30).")
  long idleSeconds;

  List<ServerExtension> extensions() {
    return off
        ? List.of()
        : List.of(new OtlpReceiver(Duration.ofSeconds(Math.max(1, idleSeconds))));
  }

  /** What serve says about the receiver, or null when it is off. */
  String line(String url) {
    return off
        ? null
        : "OTLP traces: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=" + url + "v1/traces (protobuf or JSON)";
  }
}
