package dev.distillery.capture.otlp.out;

import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The standard {@code OTEL_*} variables, as far as OTLP out reads them. */
record OtlpSettings(
    String endpoint,
    Map<String, String> headers,
    String serviceName,
    boolean gzip,
    Duration timeout) {

  static Optional<OtlpSettings> from(Map<String, String> env, PrintWriter err) {
    if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").strip())
        || "none".equalsIgnoreCase(env.getOrDefault("OTEL_TRACES_EXPORTER", "").strip())) {
      return Optional.empty();
    }
    String endpoint = blankToNull(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    if (endpoint == null) {
      String base = blankToNull(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
      if (base == null) {
        return Optional.empty();
      }
      endpoint = (base.endsWith("/") ? base : base + "/") + "v1/traces";
    }
    String protocol =
        first(
            env,
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
            "OTEL_EXPORTER_OTLP_PROTOCOL",
            "http/protobuf");
    if (!protocol.equalsIgnoreCase("http/protobuf")) {
      err.println(
          "· OTLP out sends http/protobuf only (OTEL_EXPORTER_OTLP_PROTOCOL is " + protocol + ")");
      err.flush();
    }
    Map<String, String> headers = headers(env.get("OTEL_EXPORTER_OTLP_HEADERS"));
    headers.putAll(headers(env.get("OTEL_EXPORTER_OTLP_TRACES_HEADERS")));
    String compression =
        first(
            env, "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION", "none");
    return Optional.of(
        new OtlpSettings(
            endpoint,
            headers,
            first(env, "OTEL_SERVICE_NAME", "OTEL_SERVICE_NAME", "distillery"),
            compression.strip().toLowerCase(Locale.ROOT).equals("gzip"),
            timeout(
                first(
                    env,
                    "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
                    "OTEL_EXPORTER_OTLP_TIMEOUT",
                    "5000"))));
  }

  /** {@code key=value,key2=value2}, values URL-encoded, as the OTel spec writes them. */
  static Map<String, String> headers(String list) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (list == null) {
      return headers;
    }
    for (String pair : list.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        headers.put(
            URLDecoder.decode(pair.substring(0, eq).strip(), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1).strip(), StandardCharsets.UTF_8));
      }
    }
    return headers;
  }

  private static Duration timeout(String millis) {
    try {
      return Duration.ofMillis(Math.max(100, Math.min(10_000, Long.parseLong(millis.strip()))));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(5);
    }
  }

  private static String first(
      Map<String, String> env, String specific, String general, String otherwise) {
    String value = blankToNull(env.get(specific));
    if (value == null) {
      value = blankToNull(env.get(general));
    }
    return value == null ? otherwise : value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
