package dev.distillery.runtime.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a suite: JSONL, one task a line (format in docs/suites.md). Every problem names the file,
 * the line and the field, and a suite with any problem is refused whole.
 */
public final class SuiteFile {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "prompt",
          "files",
          "seed_dir",
          "setup",
          "check",
          "tags",
          "max_turns",
          "timeout_s",
          "rubric");

  private SuiteFile() {}

  public static Suite read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SuiteFormatException("cannot read suite file " + file + ": " + e.getMessage());
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    Path base = file.toAbsolutePath().getParent();
    List<SuiteTask> tasks = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      LineReader reader = new LineReader(file, i + 1);
      SuiteTask task = reader.task(line, base);
      Integer earlier = seen.putIfAbsent(task.id(), i + 1);
      if (earlier != null) {
        throw reader.fail("id", "duplicate id '" + task.id() + "' (first on line " + earlier + ")");
      }
      tasks.add(task);
    }
    if (tasks.isEmpty()) {
      throw new SuiteFormatException(file + ": the suite has no tasks (one JSON object a line)");
    }
    String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return new Suite(name, file.toAbsolutePath(), sha256(bytes), tasks);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads one line; knows where it is so that every message can say so. */
  private record LineReader(Path file, int line) {
    SuiteFormatException fail(String field, String problem) {
      return new SuiteFormatException(file + ":" + line + ": field '" + field + "': " + problem);
    }

    SuiteTask task(String text, Path base) {
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new SuiteFormatException(
            file + ":" + line + ": not valid JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new SuiteFormatException(file + ":" + line + ": expected a JSON object");
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!FIELDS.contains(name)) {
          throw fail(name, "unknown field; known fields are " + String.join(", ", sorted(FIELDS)));
        }
      }
      String id = requiredString(node, "id");
      if (!TASK_ID.matcher(id).matches()) {
        throw fail("id", "'" + id + "' must be letters, digits, '.', '_' or '-' (at most 128)");
      }
      return new SuiteTask(
          id,
          requiredString(node, "prompt"),
          files(node),
          seedDirectory(node, base),
          stringOrList(node, "setup"),
          optionalString(node, "check"),
          stringList(node, "tags"),
          positiveInt(node, "max_turns"),
          timeout(node),
          optionalString(node, "rubric"));
    }

    private String requiredString(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        throw fail(field, "missing");
      }
      if (!value.isTextual() || value.asText().isBlank()) {
        throw fail(field, "must be a non-empty string");
      }
      return value.asText();
    }

    private String optionalString(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual() || value.asText().isBlank()) {
        throw fail(field, "must be a non-empty string");
      }
      return value.asText();
    }

    private Map<String, String> files(JsonNode node) {
      JsonNode value = node.get("files");
      if (value == null || value.isNull()) {
        return Map.of();
      }
      if (!value.isObject()) {
        throw fail("files", "must be an object of relative path -> file content");
      }
      Map<String, String> files = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String path = entry.getKey();
        Path relative = Path.of(path).normalize();
        if (path.isBlank() || relative.isAbsolute() || relative.startsWith("..")) {
          throw fail("files", "'" + path + "' must be a relative path inside the workspace");
        }
        if (!entry.getValue().isTextual()) {
          throw fail("files", "the content of '" + path + "' must be a string");
        }
        files.put(relative.toString(), entry.getValue().asText());
      }
      return files;
    }

    private Path seedDirectory(JsonNode node, Path base) {
      String dir = optionalString(node, "seed_dir");
      if (dir == null) {
        return null;
      }
      Path resolved = base.resolve(dir).normalize();
      if (!Files.isDirectory(resolved)) {
        throw fail("seed_dir", "directory " + resolved + " does not exist");
      }
      return resolved;
    }

    private List<String> stringOrList(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value != null && value.isTextual()) {
        return List.of(value.asText());
      }
      return stringList(node, field);
    }

    private List<String> stringList(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        throw fail(field, "must be a list of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          throw fail(field, "must be a list of strings");
        }
        out.add(item.asText());
      }
      return out;
    }

    private Integer positiveInt(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.canConvertToExactIntegral() || value.asInt() < 1) {
        throw fail(field, "must be a whole number >= 1");
      }
      return value.asInt();
    }

    private Duration timeout(JsonNode node) {
      JsonNode value = node.get("timeout_s");
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isNumber() || value.asDouble() <= 0) {
        throw fail("timeout_s", "must be a number of seconds > 0");
      }
      return Duration.ofMillis(Math.round(value.asDouble() * 1000));
    }

    private static List<String> sorted(Set<String> names) {
      return names.stream().sorted().toList();
    }
  }
}
