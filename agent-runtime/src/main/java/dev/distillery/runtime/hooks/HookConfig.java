package dev.distillery.runtime.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.runtime.policy.ToolPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code hooks} section of the settings file (docs/runtime.md):
 *
 * <pre>{@code
 * {"before_tool": [{"tool": "bash", "command": "./hooks/check.sh", "timeout_seconds": 30}],
 *  "after_tool":  [{"tool": "write_file", "command": "ruff check ."}]}
 * }</pre>
 *
 * A mistake is an {@link IllegalArgumentException} naming the entry and the field.
 */
public final class HookConfig {
  private HookConfig() {}

  public static Hooks parse(JsonNode section) {
    if (section == null || section.isNull() || section.isEmpty()) {
      return Hooks.NONE;
    }
    List<Hooks.Entry> entries = new ArrayList<>();
    for (var it = section.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      HookPhase phase =
          switch (key) {
            case "before_tool" -> HookPhase.BEFORE_TOOL;
            case "after_tool" -> HookPhase.AFTER_TOOL;
            default ->
                throw new IllegalArgumentException(
                    "unknown key \"" + key + "\" (use before_tool or after_tool)");
          };
      JsonNode list = section.get(key);
      if (!list.isArray()) {
        throw new IllegalArgumentException(key + " must be a list");
      }
      for (int i = 0; i < list.size(); i++) {
        entries.add(entry(phase, list.get(i), key + "[" + i + "]"));
      }
    }
    return new Hooks(entries);
  }

  private static Hooks.Entry entry(HookPhase phase, JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    JsonNode command = node.get("command");
    if (command == null || !command.isTextual() || command.asText().isBlank()) {
      throw new IllegalArgumentException(where + " needs a \"command\"");
    }
    JsonNode tool = node.get("tool");
    if (tool != null && !tool.isTextual()) {
      throw new IllegalArgumentException(where + ".tool must be a string");
    }
    long seconds = node.path("timeout_seconds").asLong(ShellHook.DEFAULT_TIMEOUT.toSeconds());
    if (seconds < 1) {
      throw new IllegalArgumentException(where + ".timeout_seconds must be at least 1");
    }
    ToolPattern tools = tool == null ? ToolPattern.ANY : new ToolPattern(tool.asText());
    return new Hooks.Entry(
        phase, tools, new ShellHook(command.asText(), Duration.ofSeconds(seconds)));
  }
}
