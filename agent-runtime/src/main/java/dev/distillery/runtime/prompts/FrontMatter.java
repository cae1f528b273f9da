package dev.distillery.runtime.prompts;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Markdown file with a front matter block: {@code ---}, lines of {@code key: value}, {@code ---},
 * then the body. Values are plain text; a list is written {@code [a, b]} or {@code a, b}. Enough
 * YAML for personas and skills, without a YAML library.
 */
public record FrontMatter(Map<String, String> fields, String body) {
  public FrontMatter {
    fields = Map.copyOf(fields);
  }

  /** Parses a file's text; text without a front matter block is all body. */
  public static FrontMatter parse(String text) {
    String normalized = text.replace("\r\n", "\n");
    if (!normalized.startsWith("---\n")) {
      return new FrontMatter(Map.of(), normalized.strip());
    }
    int end = normalized.indexOf("\n---", 3);
    if (end < 0) {
      throw new IllegalArgumentException("the front matter has no closing ---");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : normalized.substring(4, end).split("\n")) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("front matter line without 'key:': " + line.strip());
      }
      fields.put(line.substring(0, colon).strip(), unquote(line.substring(colon + 1).strip()));
    }
    int bodyStart = normalized.indexOf('\n', end + 1);
    String body = bodyStart < 0 ? "" : normalized.substring(bodyStart + 1);
    return new FrontMatter(fields, body.strip());
  }

  public String get(String key) {
    return fields.get(key);
  }

  /** A list field: {@code [a, b]} or {@code a, b}; empty when absent. */
  public List<String> list(String key) {
    String value = fields.get(key);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    String inner =
        value.startsWith("[") && value.endsWith("]")
            ? value.substring(1, value.length() - 1)
            : value;
    return Arrays.stream(inner.split(","))
        .map(String::strip)
        .map(FrontMatter::unquote)
        .filter(item -> !item.isEmpty())
        .toList();
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
