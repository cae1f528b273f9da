package dev.distillery.annotate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a JSON body the API reads, each refused with a 400 that names it when it has the
 * wrong type: what the label, import and judgement routes share.
 */
final class JsonFields {
  private JsonFields() {}

  /** A string field, or null when absent or null. */
  static String text(JsonNode body, String name) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw RefusedException.badRequest(name + " must be a string");
    }
    return value.asText();
  }

  /** The {@code tags} field: an array of strings, empty when absent or null. */
  static List<String> tags(JsonNode body) {
    JsonNode value = body.get("tags");
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw RefusedException.badRequest("tags must be an array of strings");
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : value) {
      if (!tag.isTextual()) {
        throw RefusedException.badRequest("tags must be an array of strings");
      }
      tags.add(tag.asText());
    }
    return tags;
  }
}
