package dev.distillery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.DistilleryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The user's settings file, {@code distillery.json}: the first of {@code $DISTILLERY_CONFIG}, the
 * working directory's {@code distillery.json}, and {@code $XDG_CONFIG_HOME/distillery/config.json}
 * (else {@code ~/.config/distillery/config.json}). One JSON object whose top-level keys are
 * sections ({@code providers}, {@code models}, {@code policy}, {@code hooks}, {@code sandbox});
 * docs/config.md lists them. No file is the same as an empty one.
 */
final class ConfigFile {
  static final String FILE_NAME = "distillery.json";

  private final Path path;
  private final ObjectNode root;

  private ConfigFile(Path path, ObjectNode root) {
    this.path = path;
    this.root = root;
  }

  /** The settings this context sees; a named file that is missing or broken is an error. */
  static ConfigFile load(Context context) {
    String named = context.env().get("DISTILLERY_CONFIG");
    if (named != null && !named.isBlank()) {
      Path file = context.cwd().resolve(named);
      if (!Files.isRegularFile(file)) {
        throw new DistilleryException("$DISTILLERY_CONFIG names " + file + ", which is not a file");
      }
      return read(file);
    }
    return locate(context).map(ConfigFile::read).orElseGet(ConfigFile::empty);
  }

  static ConfigFile empty() {
    return new ConfigFile(null, JsonNodeFactory.instance.objectNode());
  }

  private static Optional<Path> locate(Context context) {
    Path local = context.cwd().resolve(FILE_NAME);
    if (Files.isRegularFile(local)) {
      return Optional.of(local);
    }
    String xdg = context.env().get("XDG_CONFIG_HOME");
    String home = context.env().get("HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : home == null || home.isBlank() ? null : Path.of(home, ".config");
    if (base == null) {
      return Optional.empty();
    }
    Path user = base.resolve("distillery").resolve("config.json");
    return Files.isRegularFile(user) ? Optional.of(user) : Optional.empty();
  }

  static ConfigFile read(Path file) {
    try {
      JsonNode node = Json.MAPPER.readTree(Files.readString(file));
      if (node == null || !node.isObject()) {
        throw new DistilleryException(file + ": the settings must be one JSON object");
      }
      return new ConfigFile(file, (ObjectNode) node);
    } catch (JsonProcessingException e) {
      throw new DistilleryException(
          file
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new DistilleryException(file + " cannot be read: " + e.getMessage());
    }
  }

  /** Where the settings came from, or empty when there is no file. */
  Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** One section as an object; missing is an empty object, anything else an error. */
  ObjectNode section(String name) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw new DistilleryException(
          (path == null ? "the settings" : path.toString())
              + ": \""
              + name
              + "\" must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** The location to name in error messages about a section. */
  String describe(String section) {
    return (path == null ? FILE_NAME : path.toString()) + " (" + section + ")";
  }
}
