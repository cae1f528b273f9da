package dev.distillery.capture.otlp;

import java.util.Comparator;
import java.util.List;

/** Spans in time order: by start, a parent before a child that starts with it, then by id. */
final class SpanOrder {
  private static final Comparator<OtlpSpan> ORDER =
      Comparator.comparingLong(OtlpSpan::startNanos)
          .thenComparing(span -> !span.root())
          .thenComparing(Comparator.comparingLong(OtlpSpan::endNanos).reversed())
          .thenComparing(OtlpSpan::spanId);

  private SpanOrder() {}

  static List<OtlpSpan> sorted(List<OtlpSpan> spans) {
    return spans.stream().sorted(ORDER).toList();
  }
}
