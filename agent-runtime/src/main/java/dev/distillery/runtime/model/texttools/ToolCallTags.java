package dev.distillery.runtime.model.texttools;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.Json;
import dev.distillery.trace.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds tool calls written as text: {@code <tool_call>{"name": ..., "arguments":
 * {...}}</tool_call>}. A tag is a call only when all of these hold, so that prose and code that
 * show the format are left alone:
 *
 * <ul>
 *   <li>{@code <tool_call>} starts a line (at most three spaces before it) outside a fenced code
 *       block ({@code ```} or {@code ~~~});
 *   <li>one JSON object follows, then {@code </tool_call>} (or the end of the reply);
 *   <li>the object's {@code name} is one of the tools offered, and its {@code arguments}, when
 *       present, are an object (or a string, kept verbatim).
 * </ul>
 *
 * Anything else — a tag in a sentence, in inline code, in a quote, in a code block, with broken
 * JSON or an unknown tool — stays text.
 */
final class ToolCallTags {
  static final String OPEN = "<tool_call>";
  static final String CLOSE = "</tool_call>";
  private static final ObjectMapper JSON = Json.MAPPER;

  /** The reply's text without its calls (null when nothing else is left), and the calls. */
  record Found(String text, List<ToolCall> calls) {}

  private ToolCallTags() {}

  /** A call as the model is shown it, in history and in examples. */
  static String render(ToolCall call) {
    JsonNode arguments;
    try {
      arguments = JSON.readTree(call.argumentsJson());
    } catch (IOException e) {
      arguments = null;
    }
    var node = JSON.createObjectNode().put("name", call.name());
    if (arguments != null && arguments.isObject()) {
      node.set("arguments", arguments);
    } else {
      node.put("arguments", call.argumentsJson());
    }
    return OPEN + node + CLOSE;
  }

  /** The calls in {@code text}, numbered {@code call_<turn>_<n>}. */
  static Found find(String text, Set<String> tools, int turn) {
    if (text == null || !text.contains(OPEN)) {
      return new Found(text, List.of());
    }
    List<ToolCall> calls = new ArrayList<>();
    StringBuilder rest = new StringBuilder();
    String fence = null;
    int at = 0;
    while (at < text.length()) {
      int end = text.indexOf('\n', at);
      int lineEnd = end < 0 ? text.length() : end + 1;
      String line = text.substring(at, lineEnd);
      String trimmed = line.stripLeading();
      if (fence != null) {
        fence = trimmed.startsWith(fence) ? null : fence;
      } else if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        fence = trimmed.substring(0, 3);
      } else if (trimmed.startsWith(OPEN) && line.length() - trimmed.length() <= 3) {
        int tag = at + (line.length() - trimmed.length());
        int after = call(text, tag, tools, turn, calls);
        if (after > 0) {
          at = after;
          continue;
        }
      }
      rest.append(line);
      at = lineEnd;
    }
    String left = rest.toString().replaceAll("\\n{3,}", "\n\n").strip();
    return new Found(left.isEmpty() ? null : left, List.copyOf(calls));
  }

  /** Reads one call at {@code tag}; returns where the text goes on, or -1 when it is no call. */
  private static int call(String text, int tag, Set<String> tools, int turn, List<ToolCall> calls) {
    int start = tag + OPEN.length();
    JsonNode object;
    int jsonEnd;
    try (JsonParser parser = JSON.getFactory().createParser(text.substring(start))) {
      object = parser.readValueAsTree();
      jsonEnd = start + (int) parser.currentLocation().getCharOffset();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    if (object == null || !object.isObject() || !object.path("name").isTextual()) {
      return -1;
    }
    String name = object.get("name").asText();
    JsonNode arguments = object.get("arguments");
    if (!tools.contains(name)
        || (arguments != null && !arguments.isObject() && !arguments.isTextual())) {
      return -1;
    }
    int next = skipSpaces(text, jsonEnd);
    if (text.startsWith(CLOSE, next)) {
      next += CLOSE.length();
    } else if (next < text.length()) {
      return -1;
    }
    String argumentsJson =
        arguments == null
            ? "{}"
            : arguments.isTextual() ? arguments.asText() : arguments.toString();
    calls.add(new ToolCall("call_" + turn + "_" + calls.size(), name, argumentsJson));
    return next;
  }

  private static int skipSpaces(String text, int from) {
    int at = from;
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    return at;
  }
}
