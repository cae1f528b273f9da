package dev.distillery.capture.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.distillery.capture.CaptureJson;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads an OTLP/HTTP trace export, protobuf or JSON, gzipped or not, into spans. Everything is read
 * and checked before anything is returned, so a malformed request changes nothing.
 */
final class OtlpDecoder {
  private static final ObjectMapper JSON = CaptureJson.MAPPER;
  private static final long MAX_BODY = 64L << 20;
  private static final HexFormat HEX = HexFormat.of();

  private OtlpDecoder() {}

  /** The request's body, unzipped when it says gzip. */
  static byte[] body(byte[] raw, String contentEncoding) {
    if (contentEncoding == null
        || contentEncoding.isBlank()
        || contentEncoding.equalsIgnoreCase("identity")) {
      return raw;
    }
    if (!contentEncoding.strip().equalsIgnoreCase("gzip")) {
      throw new OtlpException(
          "unsupported Content-Encoding " + contentEncoding + ": send gzip or none");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      byte[] body = in.readNBytes((int) MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new OtlpException("the unzipped body is larger than " + (MAX_BODY >> 20) + " MiB");
      }
      return body;
    } catch (IOException e) {
      throw new OtlpException("the body says gzip but is not: " + e.getMessage(), e);
    }
  }

  static ExportTraceServiceRequest parse(byte[] body, boolean json) {
    if (!json) {
      try {
        return ExportTraceServiceRequest.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        throw new OtlpException(
            "not an OTLP ExportTraceServiceRequest in protobuf: " + e.getMessage(), e);
      }
    }
    try {
      JsonNode tree = JSON.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw new OtlpException("not an OTLP ExportTraceServiceRequest in JSON: not an object");
      }
      hexIdsToBase64(tree);
      ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(JSON.writeValueAsString(tree), request);
      return request.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new OtlpException(
          "not an OTLP ExportTraceServiceRequest in JSON: " + oneLine(e.getMessage()), e);
    }
  }

  /** Every span of the request, checked: trace and span ids of the right length. */
  static List<OtlpSpan> spans(ExportTraceServiceRequest request) {
    List<OtlpSpan> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      String service = service(resourceSpans.getResource());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scope = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(span(span, service, scope));
        }
      }
    }
    return spans;
  }

  private static OtlpSpan span(Span span, String service, String scope) {
    String traceId = id(span.getTraceId(), 16, "traceId", span.getName());
    String spanId = id(span.getSpanId(), 8, "spanId", span.getName());
    String parent =
        span.getParentSpanId().isEmpty()
            ? ""
            : id(span.getParentSpanId(), 8, "parentSpanId", span.getName());
    List<OtlpSpan.SpanEvent> events = new ArrayList<>();
    for (Span.Event event : span.getEventsList()) {
      events.add(
          new OtlpSpan.SpanEvent(
              event.getName(), event.getTimeUnixNano(), attributes(event.getAttributesList())));
    }
    long end = Math.max(span.getEndTimeUnixNano(), span.getStartTimeUnixNano());
    return new OtlpSpan(
        traceId,
        spanId,
        parent,
        span.getName(),
        span.getKind().name().replace("SPAN_KIND_", "").toLowerCase(Locale.ROOT),
        span.getStartTimeUnixNano(),
        end,
        attributes(span.getAttributesList()),
        events,
        span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
        span.getStatus().getMessage(),
        service,
        scope);
  }

  private static String id(ByteString bytes, int length, String field, String spanName) {
    if (bytes.size() != length || bytes.equals(ByteString.copyFrom(new byte[length]))) {
      throw new OtlpException(
          "span \""
              + spanName
              + "\" has an invalid "
              + field
              + ": it must be "
              + length
              + " bytes, not all zero (was "
              + bytes.size()
              + " bytes)");
    }
    return HEX.formatHex(bytes.toByteArray());
  }

  private static String service(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
        return kv.getValue().getStringValue();
      }
    }
    return null;
  }

  static Map<String, Object> attributes(List<KeyValue> list) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : list) {
      Object value = value(kv.getValue());
      if (value != null) {
        map.put(kv.getKey(), value);
      }
    }
    return map;
  }

  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE -> {
        List<Object> items = new ArrayList<>();
        for (AnyValue item : value.getArrayValue().getValuesList()) {
          Object converted = value(item);
          items.add(converted == null ? "" : converted);
        }
        yield List.copyOf(items);
      }
      case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
      default -> null;
    };
  }

  /**
   * OTLP/JSON writes trace and span ids as hex, where the protobuf JSON mapping reads bytes as
   * base64: the ids are turned into base64 before the mapping reads them.
   */
  private static void hexIdsToBase64(JsonNode tree) {
    for (JsonNode resourceSpans : tree.path("resourceSpans")) {
      for (JsonNode scopeSpans : resourceSpans.path("scopeSpans")) {
        for (JsonNode span : scopeSpans.path("spans")) {
          String name = span.path("name").asText("");
          convert(span, name, "traceId", "parentSpanId", "spanId");
          for (JsonNode link : span.path("links")) {
            convert(link, name, "traceId", "spanId");
          }
        }
      }
    }
  }

  private static void convert(JsonNode node, String spanName, String... fields) {
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    for (String field : fields) {
      JsonNode value = object.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      String hex = value.asText();
      try {
        object.put(field, Base64.getEncoder().encodeToString(HEX.parseHex(hex)));
      } catch (IllegalArgumentException e) {
        throw new OtlpException(
            "span \"" + spanName + "\" has " + field + " \"" + hex + "\": OTLP/JSON ids are hex");
      }
    }
  }

  private static String oneLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
  }
}
