package dev.distillery.runtime.skills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkillsLoadTest {
  @TempDir Path dir;

  private void skill(String folder, String text) throws Exception {
    Files.createDirectories(dir.resolve(folder));
    Files.writeString(dir.resolve(folder).resolve("SKILL.md"), text);
  }

  @Test
  void should_read_front_matter_and_name_a_skill_after_its_folder_by_default() throws Exception {
    skill(
        "lint",
        "---\ndescription: \"Lint: the code\"\ntriggers: /lint, /l\ncommand: make lint\n---\nRun it.\n");
    Files.createDirectories(dir.resolve("not-a-skill"));

    Skills skills = Skills.load(dir);

    assertEquals(1, skills.all().size(), "a folder without SKILL.md is not a skill");
    Skill lint = skills.named("lint").orElseThrow();
    assertEquals("Lint: the code", lint.description());
    assertEquals(List.of("/lint", "/l"), lint.triggers());
    assertEquals("make lint", lint.command());
    assertEquals("Run it.", lint.body());
    assertEquals("lint", skills.triggeredBy("  /l ").orElseThrow().name());
    assertTrue(skills.triggeredBy("/l please").isEmpty());
  }

  @Test
  void should_say_which_file_is_wrong() throws Exception {
    skill("broken", "---\ndescription: x\ntriggers: [/x]\n---\nbody\n");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Skills.load(dir));

    assertTrue(e.getMessage().contains("broken"), e.getMessage());
    assertTrue(e.getMessage().contains("triggers need a command"), e.getMessage());
  }

  @Test
  void should_require_a_description() throws Exception {
    skill("bare", "---\nname: bare\n---\nbody\n");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Skills.load(dir));

    assertTrue(e.getMessage().contains("needs a description"), e.getMessage());
  }
}
