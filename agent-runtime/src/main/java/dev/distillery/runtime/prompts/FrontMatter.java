package dev.distillery.runtime.prompts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Markdown file with a YAML front matter block: {@code ---}, a YAML mapping of names to text or
 * to lists of text, {@code ---}, then the body. Values are read as written ({@code 1.50} stays
 * {@code 1.50}, {@code yes} stays {@code yes}); quoting, comments, multi-line ({@code |}, {@code
 * >}) and block or flow lists are YAML's. A list may also be written {@code a, b} on one line.
 */
public record FrontMatter(
    Map<String, String> fields, Map<String, List<String>> lists, String body) {
  private static final YAMLFactory YAML = new YAMLFactory();

  public FrontMatter {
    fields = Map.copyOf(fields);
    lists = Map.copyOf(lists);
  }

  /** Parses a file's text; text without a front matter block is all body. */
  public static FrontMatter parse(String text) {
    String normalized = text.replace("\r\n", "\n");
    if (!normalized.startsWith("---\n")) {
      return new FrontMatter(Map.of(), Map.of(), normalized.strip());
    }
    int end = normalized.indexOf("\n---", 3);
    if (end < 0) {
      throw new IllegalArgumentException("the front matter has no closing ---");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, List<String>> lists = new LinkedHashMap<>();
    read(normalized.substring(4, end), fields, lists);
    int bodyStart = normalized.indexOf('\n', end + 1);
    String body = bodyStart < 0 ? "" : normalized.substring(bodyStart + 1);
    return new FrontMatter(fields, lists, body.strip());
  }

  private static void read(
      String yaml, Map<String, String> fields, Map<String, List<String>> lists) {
    try (JsonParser in = YAML.createParser(yaml)) {
      JsonToken token = in.nextToken();
      if (token == null) {
        return;
      }
      if (token != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the front matter must be lines of 'key: value'");
      }
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String key = in.currentName();
        JsonToken value = in.nextToken();
        if (value == JsonToken.START_ARRAY) {
          lists.put(key, items(in, key));
        } else if (value == JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("front matter '" + key + "' must be text or a list");
        } else {
          fields.put(key, scalar(in));
        }
      }
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage().lines().findFirst().orElse("");
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr() + 1;
      throw new IllegalArgumentException(
          "the front matter is not valid YAML"
              + (line > 1 ? " at line " + line : "")
              + ": "
              + why
              + (why.contains("mapping values") ? " (quote a value that holds ': ')" : ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> items(JsonParser in, String key) throws IOException {
    List<String> items = new ArrayList<>();
    for (JsonToken item = in.nextToken(); item != JsonToken.END_ARRAY; item = in.nextToken()) {
      if (item == JsonToken.START_ARRAY || item == JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("front matter '" + key + "' must be a list of text");
      }
      String text = scalar(in).strip();
      if (!text.isEmpty()) {
        items.add(text);
      }
    }
    return items;
  }

  /** A scalar as written; an empty value ({@code key:}) is empty text. */
  private static String scalar(JsonParser in) throws IOException {
    return in.currentToken() == JsonToken.VALUE_NULL && !"null".equals(in.getText())
        ? ""
        : in.getText();
  }

  /** A text field, or null when absent or a list. */
  public String get(String key) {
    return fields.get(key);
  }

  /** A list field: a YAML list, or text {@code a, b}; empty when absent. */
  public List<String> list(String key) {
    List<String> items = lists.get(key);
    if (items != null) {
      return items;
    }
    String value = fields.get(key);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
