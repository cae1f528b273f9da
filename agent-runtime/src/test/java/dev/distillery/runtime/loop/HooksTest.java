package dev.distillery.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.hooks.Hook;
import dev.distillery.runtime.hooks.HookCall;
import dev.distillery.runtime.hooks.HookConfig;
import dev.distillery.runtime.hooks.HookPhase;
import dev.distillery.runtime.hooks.HookResult;
import dev.distillery.runtime.hooks.Hooks;
import dev.distillery.runtime.policy.ToolPattern;
import dev.distillery.trace.EventPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private static final String WRITE_THEN_ANSWER =
      """
      [ {"tool_calls": [{"id": "c1", "name": "write_file", "arguments": {"path": "a.txt", "content": "hello"}}]},
        {"content": "done"} ]""";

  @Test
  void should_block_a_call_when_a_shell_hook_exits_2_and_give_its_stderr_as_the_reason()
      throws Exception {
    Hooks hooks =
        HookConfig.parse(
            JSON.readTree(
                """
                {"before_tool": [{"tool": "write_*",
                  "command": "cat > hook-input.json; echo 'no writes on Fridays' >&2; exit 2"}]}"""));
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(WRITE_THEN_ANSWER, Controls.DEFAULT.withHooks(hooks), "write a");

    assertFalse(Files.exists(work.resolve("a.txt")), "the blocked call did not run");
    String seen = fixture.toolMessagesSeenLast().get(0);
    assertTrue(seen.startsWith("error: blocked by hook"), seen);
    assertTrue(seen.endsWith(": no writes on Fridays"), seen);
    EventPayload.HookRan ran = fixture.sink.payloads(EventPayload.HookRan.class).get(0);
    assertEquals("before_tool", ran.phase());
    assertEquals(2, ran.exitCode());
    assertTrue(ran.blocked());
    assertEquals("no writes on Fridays", ran.message());
    JsonNode input = JSON.readTree(Files.readString(work.resolve("hook-input.json")));
    assertEquals("before_tool", input.get("phase").asText());
    assertEquals("write_file", input.get("tool").asText());
    assertEquals("c1", input.get("call_id").asText());
    assertEquals("hello", input.get("arguments").get("content").asText());
  }

  @Test
  void should_let_a_call_through_when_the_hook_exits_otherwise_and_record_it() throws Exception {
    Hooks hooks =
        HookConfig.parse(
            JSON.readTree(
                """
                {"before_tool": [{"command": "echo 'just saying' >&2; exit 1"}],
                 "after_tool": [{"tool": "bash", "command": "exit 2"}]}"""));
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(WRITE_THEN_ANSWER, Controls.DEFAULT.withHooks(hooks), "write a");

    assertEquals("hello", Files.readString(work.resolve("a.txt")));
    List<EventPayload.HookRan> ran = fixture.sink.payloads(EventPayload.HookRan.class);
    assertEquals(1, ran.size(), "the after hook is for bash only");
    assertFalse(ran.get(0).blocked());
    assertEquals(1, ran.get(0).exitCode());
    assertEquals("just saying", ran.get(0).message());
  }

  @Test
  void should_run_java_hooks_after_the_call_and_flag_the_output_when_they_object() {
    List<HookCall> calls = new ArrayList<>();
    Hook reviewer =
        new Hook() {
          @Override
          public String name() {
            return "reviewer";
          }

          @Override
          public HookResult run(HookCall call) {
            calls.add(call);
            return call.phase() == HookPhase.AFTER_TOOL
                ? HookResult.block("the greeting lacks a newline")
                : HookResult.PASS;
          }
        };
    Hooks hooks =
        Hooks.NONE
            .with(HookPhase.BEFORE_TOOL, ToolPattern.ANY, reviewer)
            .with(HookPhase.AFTER_TOOL, ToolPattern.ANY, reviewer);
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(WRITE_THEN_ANSWER, Controls.DEFAULT.withHooks(hooks), "write a");

    assertEquals(
        List.of(HookPhase.BEFORE_TOOL, HookPhase.AFTER_TOOL),
        calls.stream().map(HookCall::phase).toList());
    assertNull(calls.get(0).output());
    assertTrue(calls.get(1).output().startsWith("wrote"), calls.get(1).output());
    String seen = fixture.toolMessagesSeenLast().get(0);
    assertTrue(seen.endsWith("hook `reviewer` objects: the greeting lacks a newline"), seen);
    EventPayload.ToolResult result = fixture.sink.payloads(EventPayload.ToolResult.class).get(0);
    assertTrue(result.isError());
    assertEquals(2, fixture.sink.payloads(EventPayload.HookRan.class).size());
  }
}
