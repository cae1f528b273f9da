package dev.distillery.runtime.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.Json;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The verdict as structured output: the one tool the judge is given (and, with native tools, made
 * to call), and the reading of its call. Anything but one well-formed call is a {@link
 * MalformedVerdictException}.
 */
final class VerdictTool {
  static final String NAME = "record_verdict";
  private static final int MAX_REASON = 1_000;

  private VerdictTool() {}

  /** The tool, its tags limited to {@code tags} (any string when there are none). */
  static ToolSpec spec(List<String> tags) {
    ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ObjectNode label = properties.putObject("label").put("type", "string");
    label.putArray("enum").add("correct").add("incorrect");
    label.put("description", "correct or incorrect, by the rubric");
    ObjectNode tagList = properties.putObject("tags").put("type", "array");
    ObjectNode item = tagList.putObject("items").put("type", "string");
    if (!tags.isEmpty()) {
      ArrayNode allowed = item.putArray("enum");
      tags.forEach(allowed::add);
    }
    tagList.put("description", "the failure tags that apply; none for a correct run");
    properties.putObject("reason").put("type", "string").put("description", "why, in one sentence");
    ObjectNode step = properties.putObject("step");
    step.putArray("type").add("string").add("null");
    step.put(
        "description",
        "the event id (in brackets in the run) of the step where the run first went wrong, or"
            + " null");
    schema.putArray("required").add("label").add("tags").add("reason").add("step");
    schema.put("additionalProperties", false);
    return new ToolSpec(
        NAME, "Record your verdict on the run. Call it exactly once.", schema.toString());
  }

  /**
   * @param reply the judge's answer
   * @param tags the tags it may use (any when empty)
   * @param eventIds the run's event ids, one of which a step must be
   * @throws MalformedVerdictException when the answer is not one well-formed verdict
   */
  static Verdict read(Message reply, Collection<String> tags, Collection<String> eventIds) {
    List<ToolCall> calls =
        reply.toolCalls().stream().filter(call -> call.name().equals(NAME)).toList();
    if (calls.isEmpty()) {
      throw new MalformedVerdictException(
          "the judge did not call " + NAME + " (it answered: " + snippet(reply.content()) + ")");
    }
    if (calls.size() > 1) {
      throw new MalformedVerdictException(
          "the judge called " + NAME + " " + calls.size() + " times");
    }
    JsonNode args;
    try {
      args = Json.MAPPER.readTree(calls.get(0).argumentsJson());
    } catch (IOException e) {
      args = null;
    }
    if (args == null || !args.isObject()) {
      throw new MalformedVerdictException(
          "the verdict's arguments are not a JSON object: "
              + snippet(calls.get(0).argumentsJson()));
    }
    return new Verdict(
        label(args.get("label")),
        tags(args.get("tags"), tags),
        reason(args.get("reason")),
        step(args.get("step"), eventIds));
  }

  private static String label(JsonNode label) {
    if (label == null
        || !label.isTextual()
        || !(label.asText().equals("correct") || label.asText().equals("incorrect"))) {
      throw new MalformedVerdictException(
          "the verdict's label is "
              + (label == null ? "missing" : label)
              + ", not correct or incorrect");
    }
    return label.asText();
  }

  private static List<String> tags(JsonNode node, Collection<String> allowed) {
    List<String> tags = new ArrayList<>();
    if (node == null || node.isNull()) {
      return tags;
    }
    if (!node.isArray()) {
      throw new MalformedVerdictException("the verdict's tags are not a list: " + node);
    }
    for (JsonNode tag : node) {
      if (!tag.isTextual() || tag.asText().isBlank()) {
        throw new MalformedVerdictException("the verdict has a tag that is not text: " + tag);
      }
      if (!allowed.isEmpty() && !allowed.contains(tag.asText())) {
        throw new MalformedVerdictException(
            "the verdict's tag '" + tag.asText() + "' is not one of the project's tags");
      }
      if (!tags.contains(tag.asText())) {
        tags.add(tag.asText());
      }
    }
    return tags;
  }

  private static String reason(JsonNode reason) {
    if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
      throw new MalformedVerdictException("the verdict has no reason");
    }
    String text = reason.asText().strip().replaceAll("\\s*\\R\\s*", " ");
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
  }

  private static String step(JsonNode step, Collection<String> eventIds) {
    if (step == null || step.isNull() || (step.isTextual() && step.asText().isBlank())) {
      return null;
    }
    String id = step.asText().strip().replaceAll("^\\[|\\]$", "");
    if (!eventIds.contains(id)) {
      throw new MalformedVerdictException(
          "the verdict's step '" + id + "' is not an event of the run");
    }
    return id;
  }

  private static String snippet(String text) {
    if (text == null || text.isBlank()) {
      return "nothing";
    }
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= 120 ? "\"" + line + "\"" : "\"" + line.substring(0, 120) + "…\"";
  }
}
