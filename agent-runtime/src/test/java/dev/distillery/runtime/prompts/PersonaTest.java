package dev.distillery.runtime.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaTest {
  @TempDir Path dir;

  @Test
  void should_load_a_persona_file_named_after_the_file_by_default() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("reviewer.md"),
            "---\ndescription: Reads code\ntools: false\n---\nYou review code.\n");

    Persona persona = Persona.load(file);

    assertEquals("reviewer", persona.name());
    assertEquals("Reads code", persona.description());
    assertFalse(persona.tools());
    assertEquals("You review code.", persona.text());
  }

  @Test
  void should_bundle_productivity_with_tools_and_support_without() {
    assertTrue(Persona.productivity().tools());
    assertFalse(Persona.bundled("support").tools());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Persona.bundled("pirate"));
    assertTrue(e.getMessage().contains("productivity, support"), e.getMessage());
  }

  @Test
  void should_refuse_a_persona_without_text_or_with_an_unclosed_front_matter() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.md"), "---\nname: x\n---\n");
    assertThrows(IllegalArgumentException.class, () -> Persona.load(empty));
    Path open = Files.writeString(dir.resolve("open.md"), "---\nname: x\nbody\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Persona.load(open));
    assertTrue(e.getMessage().contains("no closing ---"), e.getMessage());
  }
}
