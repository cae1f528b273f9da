package dev.distillery.capture.otlp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One span as OTLP sent it, with ids in lower-case hex and attribute values as plain Java values
 * ({@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code List}, {@code Map}).
 *
 * @param parentSpanId empty for a root span
 * @param service the resource's {@code service.name}, or null
 * @param statusError whether the span's status is ERROR
 */
record OtlpSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    long startNanos,
    long endNanos,
    Map<String, Object> attributes,
    List<SpanEvent> events,
    boolean statusError,
    String statusMessage,
    String service,
    String scope) {
  OtlpSpan {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    parentSpanId = parentSpanId == null ? "" : parentSpanId;
    attributes = Map.copyOf(attributes);
    events = List.copyOf(events);
    statusMessage = statusMessage == null ? "" : statusMessage;
  }

  /** An event inside a span (the older GenAI conventions put messages there). */
  record SpanEvent(String name, long timeNanos, Map<String, Object> attributes) {
    SpanEvent {
      attributes = Map.copyOf(attributes);
    }
  }

  boolean root() {
    return parentSpanId.isEmpty();
  }

  long durationMs() {
    return Math.max(0, (endNanos - startNanos) / 1_000_000);
  }

  /** The attribute as text (numbers and booleans written out), or null when absent. */
  String text(String key) {
    Object value = attributes.get(key);
    return value == null ? null : value instanceof String s ? s : String.valueOf(value);
  }

  /** The first of these attributes that is present, as text. */
  String text(String... keys) {
    for (String key : keys) {
      String value = text(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** The attribute as a whole number, or -1 when absent or not a number. */
  long number(String... keys) {
    for (String key : keys) {
      Object value = attributes.get(key);
      if (value instanceof Number n) {
        return n.longValue();
      }
      if (value instanceof String s) {
        try {
          return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
          // not a number: look further
        }
      }
    }
    return -1;
  }
}
