package dev.distillery.annotate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.json.TraceJson;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The ingest wire format, both ways: {@code {"events":[...]}}, each event in the one encoding
 * ({@link TraceJson#event}). Reading checks the shape of every event and says which one is wrong
 * and why.
 */
final class EventJson {
  static final int MAX_BYTES = 8 * 1024 * 1024;
  static final int MAX_EVENTS = 1_000;
  static final int MAX_ID_LENGTH = 200;
  private static final Set<String> FIELDS = Set.copyOf(TraceJson.EVENT_FIELDS);

  /** Strict: unknown fields are refused, enums in any case, instants as ISO text. */
  static final ObjectReader READER =
      Json.MAPPER
          .reader()
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private EventJson() {}

  static String write(List<TraceEvent> events) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode array = body.putArray("events");
    for (TraceEvent event : events) {
      array.add(TraceJson.event(Json.MAPPER, event));
    }
    return Json.write(body);
  }

  /**
   * @throws RefusedException 400 naming the first event that is not well formed, and why
   */
  static List<TraceEvent> read(byte[] body) {
    JsonNode root;
    try {
      root = READER.readTree(body);
    } catch (IOException e) {
      throw RefusedException.badRequest("body is not valid JSON");
    }
    if (root == null || !root.isObject() || !root.path("events").isArray()) {
      throw RefusedException.badRequest("body must be a JSON object with an array 'events'");
    }
    JsonNode array = root.get("events");
    if (array.isEmpty() || array.size() > MAX_EVENTS) {
      throw RefusedException.badRequest("send between 1 and " + MAX_EVENTS + " events at a time");
    }
    List<TraceEvent> events = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      try {
        events.add(event(array.get(i)));
      } catch (IllegalArgumentException e) {
        throw RefusedException.badRequest("event " + i + ": " + e.getMessage());
      }
    }
    return events;
  }

  private static TraceEvent event(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "'");
      }
    }
    String id = id(node, "id", true);
    String runId = id(node, "runId", true);
    String parentId = id(node, "parentId", false);
    JsonNode seq = node.path("seq");
    if (!seq.canConvertToExactIntegral() || !seq.canConvertToLong() || seq.asLong() < 0) {
      throw new IllegalArgumentException("seq must be a whole number >= 0");
    }
    Instant timestamp = timestamp(node.path("timestamp"));
    JsonNode duration = node.path("durationMs");
    if (!duration.isMissingNode() && !duration.isNull() && !duration.canConvertToExactIntegral()) {
      throw new IllegalArgumentException("durationMs must be a whole number or null");
    }
    Long durationMs = duration.isIntegralNumber() ? duration.asLong() : null;
    EventKind kind = kind(node.path("kind"));
    EventPayload payload = payload(kind, node.path("payload"));
    return new TraceEvent(id, runId, parentId, seq.asLong(), timestamp, durationMs, payload);
  }

  private static String id(JsonNode node, String name, boolean required) {
    JsonNode value = node.path(name);
    if (value.isMissingNode() || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException(name + " is required");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(name + " must be a non-empty string");
    }
    if (value.asText().length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_ID_LENGTH);
    }
    return value.asText();
  }

  private static Instant timestamp(JsonNode value) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException("timestamp must be ISO-8601 text");
    }
    try {
      return Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "timestamp must be ISO-8601 text like 2026-01-31T12:00:00Z");
    }
  }

  private static EventKind kind(JsonNode value) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException("kind is required");
    }
    try {
      return EventKind.fromWire(value.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown kind '" + value.asText() + "'");
    }
  }

  private static EventPayload payload(EventKind kind, JsonNode value) {
    if (!value.isObject()) {
      throw new IllegalArgumentException("payload must be a JSON object");
    }
    try {
      return READER.treeToValue(value, kind.payloadType());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("payload is not a valid " + kind.wire() + ": " + why(e));
    }
  }

  private static String why(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message =
        cause instanceof JsonProcessingException json ? json.getOriginalMessage() : "" + cause;
    if (cause instanceof NullPointerException npe) {
      message = npe.getMessage() + " is required";
    }
    String line = message == null ? cause.toString() : message.lines().findFirst().orElse("");
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
        && !mapping.getPath().isEmpty()
        && !(cause instanceof NullPointerException)) {
      StringBuilder field = new StringBuilder();
      for (var reference : mapping.getPath()) {
        field
            .append(field.length() == 0 ? "" : ".")
            .append(
                reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
      }
      line = field + ": " + line.replaceAll(" \\(set DeserializationConfig[^)]*\\)", "");
    }
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
