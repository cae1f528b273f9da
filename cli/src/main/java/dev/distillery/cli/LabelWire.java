package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.annotate.LabelRow;
import dev.distillery.trace.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The label wire: a row as the API's JSON, and an annotation back. */
final class LabelWire {
  private LabelWire() {}

  static Map<String, Object> body(LabelRow row) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("label", row.label());
    body.put("tags", row.tags());
    body.put("comment", row.comment());
    body.put("eventId", row.step());
    body.put("author", row.author());
    return body;
  }

  static Map<String, Object> row(LabelRow row) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("line", row.line());
    body.put("run", row.run());
    body.put("label", row.label());
    body.put("tags", row.tags());
    body.put("comment", row.comment());
    body.put("author", row.author());
    body.put("step", row.step());
    return body;
  }

  static Annotation annotation(JsonNode node) {
    List<String> tags = new ArrayList<>();
    node.path("tags").forEach(tag -> tags.add(tag.asText()));
    return new Annotation(
        node.path("id").asText(),
        node.path("runId").asText(),
        node.path("eventId").isTextual() ? node.path("eventId").asText() : null,
        node.path("author").asText(),
        node.path("label").isTextual() ? node.path("label").asText() : null,
        tags,
        node.path("comment").isTextual() ? node.path("comment").asText() : null,
        Instant.parse(node.path("createdAt").asText()));
  }
}
