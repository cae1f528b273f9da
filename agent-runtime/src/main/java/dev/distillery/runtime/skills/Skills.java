package dev.distillery.runtime.skills;

import dev.distillery.runtime.prompts.FrontMatter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The skills a run knows, by name, in name order. */
public record Skills(List<Skill> all) {
  public static final Skills NONE = new Skills(List.of());

  public Skills {
    Map<String, Skill> byName = new LinkedHashMap<>();
    for (Skill skill : all) {
      if (byName.putIfAbsent(skill.name(), skill) != null) {
        throw new IllegalArgumentException("two skills named " + skill.name());
      }
    }
    all = List.copyOf(byName.values());
  }

  /**
   * Every {@code NAME/SKILL.md} under a directory; none when it does not exist. A skill without a
   * name is named after its folder; one without a description is an error.
   */
  public static Skills load(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return NONE;
    }
    List<Skill> skills = new ArrayList<>();
    try (Stream<Path> folders = Files.list(directory)) {
      for (Path folder : folders.sorted().toList()) {
        Path file = folder.resolve("SKILL.md");
        if (Files.isRegularFile(file)) {
          skills.add(parse(Files.readString(file), folder.getFileName().toString(), file));
        }
      }
    }
    return new Skills(skills);
  }

  static Skill parse(String text, String folderName, Path file) {
    FrontMatter matter;
    try {
      matter = FrontMatter.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
    String description = matter.get("description");
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException(file + ": a skill needs a description");
    }
    String name = matter.get("name") == null ? folderName : matter.get("name");
    String command = matter.get("command");
    List<String> triggers = matter.list("triggers");
    if (!triggers.isEmpty() && (command == null || command.isBlank())) {
      throw new IllegalArgumentException(file + ": triggers need a command to run");
    }
    return new Skill(name, description, triggers, command, matter.body());
  }

  public Optional<Skill> named(String name) {
    return all.stream().filter(skill -> skill.name().equals(name)).findFirst();
  }

  /** The skill one of whose triggers is exactly this input (surrounding blanks aside). */
  public Optional<Skill> triggeredBy(String input) {
    String text = input == null ? "" : input.strip();
    return all.stream().filter(skill -> skill.triggers().contains(text)).findFirst();
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }
}
