package dev.distillery.runtime.prompts;

import dev.distillery.runtime.skills.Skill;
import dev.distillery.trace.ToolSpec;
import java.time.LocalDate;
import java.util.List;

/**
 * Assembles the system prompt from the persona, the mode, the tools offered, the skills, the
 * working directory and the date. The result is recorded exactly as the run's first message.
 *
 * <p>Suite attempts must see byte-identical prompts, so the working directory is given as a label
 * ({@code the task's workspace}), never a temporary path, and the date is fixed once per command,
 * never the time of day.
 */
public final class SystemPrompt {
  private SystemPrompt() {}

  /**
   * @param workingDirectory how the working directory is named in the prompt
   * @param date the date to state, or null to leave it out
   */
  public static String assemble(
      Persona persona,
      Mode mode,
      List<ToolSpec> tools,
      List<Skill> skills,
      String workingDirectory,
      LocalDate date) {
    StringBuilder prompt = new StringBuilder(persona.text().strip()).append("\n\n");
    prompt.append(mode.instruction()).append('\n');
    if (!tools.isEmpty()) {
      prompt
          .append("Tools: ")
          .append(String.join(", ", tools.stream().map(ToolSpec::name).toList()))
          .append(". They all work in the working directory; give file paths relative to it.\n");
    }
    prompt.append("Working directory: ").append(workingDirectory).append('\n');
    if (date != null) {
      prompt.append("Date: ").append(date).append('\n');
    }
    if (!skills.isEmpty()) {
      prompt.append("\nSkills");
      prompt.append(
          tools.stream().anyMatch(tool -> tool.name().equals("skill"))
              ? " (call the skill tool with a name to read one):\n"
              : ":\n");
      for (Skill skill : skills) {
        prompt.append("- ").append(skill.name()).append(": ").append(skill.description());
        if (!skill.triggers().isEmpty()) {
          prompt
              .append(" (the user can run it with ")
              .append(String.join(" or ", skill.triggers()))
              .append(')');
        }
        prompt.append('\n');
      }
    }
    return prompt.toString().strip();
  }
}
