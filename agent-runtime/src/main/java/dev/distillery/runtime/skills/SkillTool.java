package dev.distillery.runtime.skills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.runtime.tools.Tool;
import dev.distillery.runtime.tools.ToolContext;
import dev.distillery.runtime.tools.ToolException;
import dev.distillery.runtime.tools.ToolOutput;
import dev.distillery.trace.ToolSpec;

/** {@code skill}: returns a skill's instructions (the body of its SKILL.md) by name. */
public final class SkillTool implements Tool {
  public static final String NAME = "skill";

  private final Skills skills;

  public SkillTool(Skills skills) {
    this.skills = skills;
  }

  @Override
  public ToolSpec spec() {
    return new ToolSpec(
        NAME,
        "Read the instructions of one of the skills listed in the system prompt, by name.",
        """
        {"type":"object","properties":{"name":{"type":"string","description":"The skill's name."}},"required":["name"]}""");
  }

  @Override
  public ToolOutput execute(JsonNode arguments, ToolContext context) {
    JsonNode name = arguments.get("name");
    if (name == null || !name.isTextual()) {
      throw new ToolException("missing required argument 'name'");
    }
    return skills
        .named(name.asText())
        .map(skill -> ToolOutput.ok(skill.body()))
        .orElseThrow(
            () ->
                new ToolException(
                    "no skill '"
                        + name.asText()
                        + "'; the skills are "
                        + String.join(", ", skills.all().stream().map(Skill::name).toList())));
  }
}
