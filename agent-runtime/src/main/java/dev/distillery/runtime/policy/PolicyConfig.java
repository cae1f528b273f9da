package dev.distillery.runtime.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code policy} section of the settings file (docs/runtime.md):
 *
 * <pre>{@code
 * {"bundled": true, "unattended": "deny", "approval_timeout_seconds": 300,
 *  "rules": [{"tool": "bash", "argument": "command", "match": "git push", "action": "ask",
 *             "reason": "pushes need a person"}]}
 * }</pre>
 *
 * A mistake is an {@link IllegalArgumentException} whose message names the rule and the field.
 */
public final class PolicyConfig {
  private PolicyConfig() {}

  public static Policy parse(JsonNode section) {
    if (section == null || section.isNull() || section.isEmpty()) {
      return Policy.DEFAULT;
    }
    boolean bundled = bool(section, "bundled", true);
    Action unattended = Action.fromWire(text(section, "unattended", "deny"));
    long timeout = section.path("approval_timeout_seconds").asLong(300);
    if (timeout < 1) {
      throw new IllegalArgumentException("approval_timeout_seconds must be at least 1");
    }
    List<PolicyRule> rules = new ArrayList<>();
    JsonNode list = section.path("rules");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new IllegalArgumentException("rules must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      rules.add(rule(list.get(i), "rules[" + i + "]"));
    }
    if (bundled) {
      rules.addAll(Policy.bundledRules());
    }
    return new Policy(rules, unattended, Duration.ofSeconds(timeout));
  }

  private static PolicyRule rule(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    String tool = text(node, "tool", null);
    if (tool == null || tool.isBlank()) {
      throw new IllegalArgumentException(where + " needs a \"tool\" (a name, a glob, or *)");
    }
    String action = text(node, "action", null);
    if (action == null) {
      throw new IllegalArgumentException(where + " needs an \"action\": allow, deny or ask");
    }
    Pattern match = null;
    String regex = text(node, "match", null);
    if (regex != null) {
      try {
        match = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            where + ".match is not a valid regular expression: " + e.getDescription());
      }
    }
    try {
      return new PolicyRule(
          new ToolPattern(tool),
          text(node, "argument", null),
          match,
          Action.fromWire(action),
          text(node, "reason", null),
          "config");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static boolean bool(JsonNode node, String field, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException("\"" + field + "\" must be true or false");
    }
    return value.asBoolean();
  }
}
