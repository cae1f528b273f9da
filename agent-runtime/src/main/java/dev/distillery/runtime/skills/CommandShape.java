package dev.distillery.runtime.skills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.runtime.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A tool call's shape: what stays the same when the same kind of step is taken on other data. A
 * shell command keeps its programs and flags and replaces its other words by what they are ({@code
 * wc -l data.csv | tail -n 1} is {@code wc -l <path> | tail -n <n>}); another tool keeps its name
 * and its arguments' names ({@code write_file(content, path)}).
 */
final class CommandShape {
  private static final Pattern SEPARATORS = Pattern.compile("\\s*(\\|\\||&&|\\||;)\\s*");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_+-]*");

  private CommandShape() {}

  static String of(String tool, String arguments) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(arguments);
    } catch (IOException e) {
      return tool + "(?)";
    }
    if (node != null && node.path("command").isTextual()) {
      return shell(node.path("command").asText());
    }
    TreeSet<String> names = new TreeSet<>();
    if (node != null && node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
    }
    return tool + "(" + String.join(", ", names) + ")";
  }

  /** {@code wc -l data.csv | tail -n 1} as {@code wc -l <path> | tail -n <n>}. */
  static String shell(String command) {
    StringBuilder shape = new StringBuilder();
    var matcher = SEPARATORS.matcher(command.strip());
    int at = 0;
    List<String> segments = new ArrayList<>();
    List<String> joins = new ArrayList<>();
    while (matcher.find()) {
      segments.add(command.strip().substring(at, matcher.start()));
      joins.add(matcher.group(1));
      at = matcher.end();
    }
    segments.add(command.strip().substring(at));
    for (int i = 0; i < segments.size(); i++) {
      if (i > 0) {
        shape.append(' ').append(joins.get(i - 1)).append(' ');
      }
      shape.append(segment(segments.get(i)));
    }
    return shape.toString().strip();
  }

  private static String segment(String segment) {
    String[] words = segment.strip().split("\\s+");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      if (word.isEmpty()) {
        continue;
      }
      if (i == 0 || word.startsWith("-") || word.equals(">") || word.equals(">>")) {
        out.add(
            word.startsWith("-") && word.contains("=") ? word.split("=", 2)[0] + "=<arg>" : word);
      } else if (NUMBER.matcher(word).matches()) {
        out.add("<n>");
      } else if (word.contains("/") || word.contains(".") || !WORD.matcher(word).matches()) {
        out.add(word.startsWith("'") || word.startsWith("\"") ? "<text>" : "<path>");
      } else {
        out.add("<arg>");
      }
    }
    return String.join(" ", out);
  }
}
