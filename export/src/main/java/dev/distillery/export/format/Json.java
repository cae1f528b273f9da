package dev.distillery.export.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.export.ExportException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exporter's one ObjectMapper, and JSON text handling: tool-call arguments parsed into an
 * object for the dict formats (a row whose arguments do not parse is refused), everything else
 * written compactly in insertion order. Numbers keep their digits ({@code 1.10} stays {@code
 * 1.10}).
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Tool-call arguments as an object, for formats that want a dict. */
  static JsonNode argumentsObject(String argumentsJson, String tool) throws InvalidRowException {
    JsonNode node = tryParse(argumentsJson);
    if (node == null) {
      throw new InvalidRowException("arguments of a " + tool + " call are not valid JSON");
    }
    if (!node.isObject()) {
      throw new InvalidRowException("arguments of a " + tool + " call are not a JSON object");
    }
    return node;
  }

  /** The JSON value of the text, or null when it is not exactly one JSON value. */
  public static JsonNode tryParse(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The JSON value of the text, or the text itself as a JSON string when it does not parse. */
  static JsonNode parse(String json) {
    JsonNode node = tryParse(json);
    return node == null ? MAPPER.getNodeFactory().textNode(json) : node;
  }

  /**
   * Parsed texts that repeat from row to row (tool schemas), at most {@code size} of them, any
   * thread. Each caller gets its own copy, since redaction changes a row's nodes in place.
   */
  static final class Cache {
    private final int size;
    private final Map<String, JsonNode> parsed = new ConcurrentHashMap<>();

    Cache(int size) {
      this.size = size;
    }

    /** As {@link Json#parse}. */
    JsonNode parse(String json) {
      if (json == null) {
        return Json.parse(null);
      }
      JsonNode node = parsed.get(json);
      if (node == null) {
        node = Json.parse(json);
        if (parsed.size() >= size) {
          parsed.clear();
        }
        parsed.put(json, node);
      }
      return node.deepCopy();
    }
  }

  /** Compact JSON text. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new ExportException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }
}
