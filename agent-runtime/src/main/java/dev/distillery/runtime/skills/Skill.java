package dev.distillery.runtime.skills;

import java.util.List;
import java.util.Objects;

/**
 * A skill: {@code skills/NAME/SKILL.md}, whose front matter gives {@code name}, {@code
 * description}, optional {@code triggers} (inputs such as {@code /test}) and an optional {@code
 * command}; the body is what the {@code skill} tool returns to the model.
 *
 * @param command a shell command run, without the model, when the input is one of the triggers;
 *     null when the skill has none
 */
public record Skill(
    String name, String description, List<String> triggers, String command, String body) {
  public Skill {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    triggers = List.copyOf(triggers);
    body = body == null ? "" : body;
  }
}
