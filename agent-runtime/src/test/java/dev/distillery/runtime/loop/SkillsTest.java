package dev.distillery.runtime.loop;

import static dev.distillery.trace.EventKind.MODEL_REQUEST;
import static dev.distillery.trace.EventKind.RUN_FINISHED;
import static dev.distillery.trace.EventKind.RUN_STARTED;
import static dev.distillery.trace.EventKind.SKILL_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.skills.Skills;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.ToolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkillsTest {
  @TempDir Path work;
  @TempDir Path skillsDir;

  private Skills skills;

  @BeforeEach
  void writeSkills() throws Exception {
    Files.createDirectories(skillsDir.resolve("test"));
    Files.writeString(
        skillsDir.resolve("test/SKILL.md"),
        """
        ---
        name: test
        description: Run the project's tests
        triggers: [/test]
        command: echo "3 passed"
        ---
        Run `./run-tests` and read the summary line.
        """);
    Files.createDirectories(skillsDir.resolve("release"));
    Files.writeString(
        skillsDir.resolve("release/SKILL.md"),
        """
        ---
        description: How to cut a release
        ---
        1. Bump the version. 2. Tag it.
        """);
    skills = Skills.load(skillsDir);
  }

  @Test
  void should_run_the_command_of_an_exactly_matched_trigger_without_calling_the_model() {
    LoopFixture fixture = new LoopFixture(work);
    RunResult result = fixture.run("[]", Controls.DEFAULT.withSkills(skills), "/test");

    assertEquals(0, fixture.seen.size(), "the model was not called");
    assertEquals(RunStatus.SUCCEEDED, result.status());
    assertEquals("skill_command", result.outcome());
    assertEquals("3 passed", result.finalText());
    assertEquals(List.of(RUN_STARTED, SKILL_RUN, RUN_FINISHED), fixture.sink.kinds(false));
    EventPayload.SkillRun run = fixture.sink.payloads(EventPayload.SkillRun.class).get(0);
    assertEquals("test", run.skill());
    assertEquals("/test", run.trigger());
    assertEquals(0, run.exitCode());
    assertEquals("3 passed\n", run.output());
  }

  @Test
  void should_call_the_model_when_the_input_only_mentions_a_trigger() {
    LoopFixture fixture = new LoopFixture(work);
    fixture.run("[{\"content\": \"ok\"}]", Controls.DEFAULT.withSkills(skills), "please /test it");

    assertEquals(1, fixture.seen.size());
    assertTrue(fixture.sink.kinds(false).contains(MODEL_REQUEST));
    assertTrue(fixture.sink.payloads(EventPayload.SkillRun.class).isEmpty());
  }

  @Test
  void should_list_skills_in_the_prompt_and_return_a_body_through_the_skill_tool() {
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(
        """
        [ {"tool_calls": [{"name": "skill", "arguments": {"name": "release"}}]}, {"content": "ok"} ]""",
        Controls.DEFAULT.withSkills(skills),
        "how do I release?");

    String prompt = fixture.seen.get(0).messages().get(0).content();
    assertTrue(prompt.contains("- release: How to cut a release"), prompt);
    assertTrue(
        prompt.contains("- test: Run the project's tests (the user can run it with /test)"),
        prompt);
    assertTrue(fixture.seen.get(0).tools().stream().map(ToolSpec::name).toList().contains("skill"));
    assertEquals("1. Bump the version. 2. Tag it.", fixture.toolMessagesSeenLast().get(0));
  }
}
