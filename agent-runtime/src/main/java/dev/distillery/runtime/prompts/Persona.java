package dev.distillery.runtime.prompts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Who the agent is: a prompt file with front matter ({@code name}, {@code description}, {@code
 * tools: true|false}) and the persona's text as its body. Two are bundled: {@code productivity}
 * (the tool harness, the default) and {@code support} (warm, encouraging, no tools).
 *
 * @param tools whether this persona may use tools at all
 */
public record Persona(String name, String description, boolean tools, String text) {
  public static final List<String> BUNDLED = List.of("productivity", "support");

  public Persona {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
    description = description == null ? "" : description;
  }

  public static Persona productivity() {
    return bundled("productivity");
  }

  /** A bundled persona by name. */
  public static Persona bundled(String name) {
    if (!BUNDLED.contains(name)) {
      throw new IllegalArgumentException(
          "no bundled persona '" + name + "' (bundled: " + String.join(", ", BUNDLED) + ")");
    }
    try (InputStream in = Persona.class.getResourceAsStream("personas/" + name + ".md")) {
      if (in == null) {
        throw new IllegalStateException("the bundled persona " + name + " is missing");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A persona file; its name defaults to the file name without {@code .md}. */
  public static Persona load(Path file) throws IOException {
    String fallback = file.getFileName().toString().replaceFirst("\\.md$", "");
    return parse(Files.readString(file), fallback);
  }

  static Persona parse(String text, String fallbackName) {
    FrontMatter matter = FrontMatter.parse(text);
    String name = matter.get("name") == null ? fallbackName : matter.get("name");
    String tools = matter.get("tools");
    if (tools != null && !tools.equals("true") && !tools.equals("false")) {
      throw new IllegalArgumentException("persona " + name + ": tools must be true or false");
    }
    if (matter.body().isBlank()) {
      throw new IllegalArgumentException("persona " + name + " has no text");
    }
    return new Persona(name, matter.get("description"), !"false".equals(tools), matter.body());
  }
}
