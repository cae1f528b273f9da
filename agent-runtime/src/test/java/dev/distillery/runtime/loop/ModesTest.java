package dev.distillery.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.prompts.Persona;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.ToolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModesTest {
  @TempDir Path work;

  private static final String WRITE_ATTEMPT =
      """
      [ {"tool_calls": [{"name": "write_file", "arguments": {"path": "a.txt", "content": "x"}}]},
        {"content": "done"} ]""";

  private List<String> offered(LoopFixture fixture) {
    return fixture.seen.get(0).tools().stream().map(ToolSpec::name).toList();
  }

  private String systemPrompt(LoopFixture fixture) {
    return fixture.seen.get(0).messages().get(0).content();
  }

  private LoopFixture run(String mode, Controls controls, String script) {
    LoopFixture fixture = new LoopFixture(work);
    fixture.loop(script, controls).run(fixture.spec("do it", mode), work, null);
    return fixture;
  }

  @Test
  void should_offer_no_tools_in_ask_mode_and_say_so_in_the_prompt() {
    LoopFixture fixture = run("ask", Controls.DEFAULT, "[{\"content\": \"an answer\"}]");

    assertEquals(List.of(), offered(fixture));
    assertTrue(systemPrompt(fixture).contains("Mode: ask."), systemPrompt(fixture));
    assertTrue(
        fixture.sink.payloads(EventPayload.ModelRequest.class).get(0).tools().isEmpty(),
        "the recorded request offered no tools either");
  }

  @Test
  void should_offer_only_read_only_tools_in_plan_mode_and_refuse_a_write() {
    LoopFixture fixture = run("plan", Controls.DEFAULT, WRITE_ATTEMPT);

    assertEquals(List.of("read_file", "list_files"), offered(fixture));
    assertFalse(Files.exists(work.resolve("a.txt")), "a write in plan mode does not happen");
    assertTrue(
        fixture.toolMessagesSeenLast().get(0).startsWith("error: unknown tool 'write_file'"));
    assertTrue(systemPrompt(fixture).contains("Mode: plan."));
  }

  @Test
  void should_offer_every_tool_in_agent_mode() {
    LoopFixture fixture = run("agent", Controls.DEFAULT, WRITE_ATTEMPT);

    assertEquals(List.of("bash", "read_file", "write_file", "list_files"), offered(fixture));
    assertTrue(Files.exists(work.resolve("a.txt")));
  }

  @Test
  void should_give_the_support_persona_no_tools_and_its_warm_prompt() {
    LoopFixture fixture =
        run(
            "agent",
            Controls.DEFAULT.withPersona(Persona.bundled("support")),
            "[{\"content\": \"You can do this.\"}]");

    assertEquals(List.of(), offered(fixture));
    assertTrue(systemPrompt(fixture).startsWith("You are a warm and encouraging helper."));
    assertFalse(systemPrompt(fixture).contains("Tools:"));
  }

  @Test
  void should_assemble_the_prompt_from_persona_mode_tools_directory_and_date_and_record_it()
      throws Exception {
    LoopFixture fixture =
        run(
            "agent",
            Controls.DEFAULT.withDate(LocalDate.of(2026, 11, 29)),
            "[{\"content\": \"hi\"}]");

    String prompt = systemPrompt(fixture);
    assertTrue(prompt.startsWith(Persona.productivity().text()), prompt);
    assertTrue(prompt.contains("Tools: bash, read_file, write_file, list_files."), prompt);
    assertTrue(prompt.contains("Working directory: " + work.toAbsolutePath()), prompt);
    assertTrue(prompt.contains("Date: 2026-11-29"), prompt);
    Message recorded = fixture.sink.messageLog().get(0);
    assertEquals(prompt, recorded.content(), "the trace holds the exact prompt");
  }

  @Test
  void should_give_attempts_at_one_task_in_different_workspaces_byte_identical_prompts()
      throws Exception {
    Path first = Files.createDirectory(work.resolve("attempt-1-x7f"));
    Path second = Files.createDirectory(work.resolve("attempt-2-q9a"));
    Controls controls = Controls.DEFAULT.withDate(LocalDate.of(2026, 11, 29));
    LoopFixture fixture = new LoopFixture(work);
    for (Path workspace : List.of(first, second)) {
      RunSpec spec =
          new RunSpec(
              "fix it",
              "fix-task",
              "suite-1",
              1,
              "m",
              "scripted",
              "agent",
              workspace.toString(),
              null,
              null,
              "{}");
      fixture.loop("[{\"content\": \"ok\"}]", controls).run(spec, workspace, null);
    }

    String a = fixture.seen.get(0).messages().get(0).content();
    String b = fixture.seen.get(1).messages().get(0).content();
    assertEquals(a, b);
    assertFalse(a.contains(work.toString()), "no temporary path in a suite prompt");
  }
}
