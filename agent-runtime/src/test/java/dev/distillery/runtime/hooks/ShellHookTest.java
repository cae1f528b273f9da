package dev.distillery.runtime.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellHookTest {
  @TempDir Path work;

  private HookCall call() {
    return new HookCall(
        HookPhase.AFTER_TOOL, "run1", "c1", "bash", "{not json", work.toString(), "out", false);
  }

  @Test
  void should_not_block_when_the_hook_runs_past_its_timeout() throws Exception {
    HookResult result = new ShellHook("sleep 5", Duration.ofSeconds(1)).run(call());

    assertFalse(result.block());
    assertNull(result.exitCode());
    assertTrue(result.message().contains("ran past its 1s"), result.message());
  }

  @Test
  void should_give_the_call_as_json_on_stdin_with_arguments_that_are_not_json_as_text()
      throws Exception {
    HookResult result =
        new ShellHook("cat > input.json; echo 'seen it' >&2; exit 2", null).run(call());

    assertTrue(result.block());
    assertEquals(2, result.exitCode());
    assertEquals("seen it", result.message());
    var input =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(java.nio.file.Files.readString(work.resolve("input.json")));
    assertEquals("after_tool", input.get("phase").asText());
    assertEquals("{not json", input.get("arguments").asText());
    assertEquals("out", input.get("output").asText());
    assertFalse(input.get("is_error").asBoolean());
  }
}
