package dev.distillery.annotate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.Judgement;
import dev.distillery.trace.Usage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A judgement as {@code POST /api/judgements} takes it and answers it: the record's fields by name,
 * {@code request} and {@code response} as JSON text, {@code createdAt} as an ISO instant.
 */
public final class JudgementWire {
  private JudgementWire() {}

  public static Map<String, Object> body(Judgement j) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", j.id());
    body.put("runId", j.runId());
    body.put("author", j.author());
    body.put("model", j.model());
    body.put("rubricHash", j.rubricHash());
    body.put("label", j.label());
    body.put("tags", j.tags());
    body.put("reason", j.reason());
    body.put("step", j.step());
    body.put("error", j.error());
    body.put("request", j.requestJson());
    body.put("response", j.responseJson());
    body.put("promptTokens", j.usage().promptTokens());
    body.put("completionTokens", j.usage().completionTokens());
    body.put("costUsd", j.costUsd());
    body.put("retries", j.retries());
    body.put("annotationId", j.annotationId());
    body.put("createdAt", j.createdAt().toString());
    return body;
  }

  /**
   * @throws RefusedException (400) for a body that is not a judgement
   */
  public static Judgement judgement(JsonNode body) {
    try {
      return new Judgement(
          required(body, "id"),
          required(body, "runId"),
          required(body, "author"),
          required(body, "model"),
          required(body, "rubricHash"),
          JsonFields.text(body, "label"),
          JsonFields.tags(body),
          JsonFields.text(body, "reason"),
          JsonFields.text(body, "step"),
          JsonFields.text(body, "error"),
          required(body, "request"),
          JsonFields.text(body, "response"),
          new Usage(body.path("promptTokens").asLong(), body.path("completionTokens").asLong()),
          body.path("costUsd").isNumber() ? body.get("costUsd").asDouble() : null,
          body.path("retries").asInt(),
          JsonFields.text(body, "annotationId"),
          body.path("createdAt").isTextual()
              ? Instant.parse(body.get("createdAt").asText())
              : Instant.now());
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw RefusedException.badRequest("not a judgement: " + e.getMessage());
    }
  }

  private static String required(JsonNode body, String name) {
    String value = JsonFields.text(body, name);
    if (value == null || value.isBlank()) {
      throw RefusedException.badRequest("a judgement needs " + name);
    }
    return value;
  }
}
