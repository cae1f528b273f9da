package dev.distillery.runtime.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of the policy: tools it applies to, an optional regular expression searched in an
 * argument (one named argument, or any string argument when {@code argument} is null), and what to
 * do with a call that matches.
 *
 * @param match null to match every call of the tools
 * @param source {@code bundled} or {@code config}
 */
public record PolicyRule(
    ToolPattern tools,
    String argument,
    Pattern match,
    Action action,
    String reason,
    String source) {
  public PolicyRule {
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(source, "source");
    reason = reason == null || reason.isBlank() ? describe(tools, argument, match) : reason;
  }

  /** Whether this rule applies to a call with these (parsed) arguments. */
  public boolean matches(String toolName, JsonNode arguments) {
    if (!tools.matches(toolName)) {
      return false;
    }
    if (match == null) {
      return true;
    }
    if (arguments == null || !arguments.isObject()) {
      return false;
    }
    if (argument != null) {
      JsonNode value = arguments.get(argument);
      return value != null
          && match.matcher(value.isTextual() ? value.asText() : value.toString()).find();
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = arguments.fields(); it.hasNext(); ) {
      JsonNode value = it.next().getValue();
      if (value.isTextual() && match.matcher(value.asText()).find()) {
        return true;
      }
    }
    return false;
  }

  /** The rule as people read it in a trace: {@code bash command ~ \bsudo\b}. */
  public String text() {
    return describe(tools, argument, match);
  }

  private static String describe(ToolPattern tools, String argument, Pattern match) {
    if (match == null) {
      return tools.text();
    }
    return tools.text() + (argument == null ? "" : " " + argument) + " ~ " + match.pattern();
  }
}
