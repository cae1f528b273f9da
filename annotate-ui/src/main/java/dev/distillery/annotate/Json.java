package dev.distillery.annotate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.json.TraceJson;

/** The one {@link ObjectMapper}, in the events' one encoding ({@link TraceJson}). */
final class Json {
  static final ObjectMapper MAPPER = TraceJson.builder().build();

  private Json() {}

  /** JSON text indented for reading; the text unchanged when it is not valid JSON. */
  static String pretty(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return node == null ? json : MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  static boolean valid(String json) {
    try {
      return MAPPER.readTree(json) != null;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** An event in the one encoding ({@link TraceJson#event}), for the API. */
  static JsonNode event(TraceEvent event) {
    return TraceJson.event(MAPPER, event);
  }
}
