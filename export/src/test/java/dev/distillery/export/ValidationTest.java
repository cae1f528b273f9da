package dev.distillery.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.distillery.export.format.ChatRules;
import dev.distillery.export.format.InvalidRowException;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationTest {
  private static final ToolCall LS = new ToolCall("call_1", "bash", "{\"command\":\"ls\"}");

  private static String reason(List<Message> messages, List<ToolSpec> tools) {
    return assertThrows(InvalidRowException.class, () -> ChatRules.check(messages, tools)).reason();
  }

  private static String reason(List<Message> messages) {
    return reason(messages, List.of(RunRecorder.BASH));
  }

  @Test
  void should_accept_a_well_formed_conversation() throws Exception {
    ChatRules.check(
        List.of(
            Message.system("s"),
            Message.user("u"),
            Message.assistant(null, List.of(LS)),
            Message.tool("call_1", "bash", "a.txt"),
            Message.assistant("done", List.of())),
        List.of(RunRecorder.BASH));
  }

  @Test
  void should_refuse_a_conversation_without_a_final_answer() {
    assertEquals(
        "no final assistant answer",
        reason(
            List.of(
                Message.user("u"),
                Message.assistant(null, List.of(LS)),
                Message.tool("call_1", "bash", "x"))));
    assertEquals(
        "no final assistant answer",
        reason(List.of(Message.user("u"), Message.assistant("  ", List.of(LS)))));
  }

  @Test
  void should_refuse_a_tool_result_that_answers_no_call() {
    assertEquals(
        "a tool result answers no earlier call",
        reason(
            List.of(
                Message.user("u"),
                Message.tool("call_9", "bash", "x"),
                Message.assistant("a", List.of()))));
    assertEquals(
        "a tool result answers no earlier call",
        reason(
            List.of(
                Message.user("u"),
                Message.assistant(null, List.of(LS)),
                Message.tool("call_1", "bash", "x"),
                Message.tool("call_1", "bash", "again"),
                Message.assistant("a", List.of()))));
  }

  @Test
  void should_refuse_a_call_left_without_a_result() {
    assertEquals(
        "a tool call has no result",
        reason(
            List.of(
                Message.user("u"),
                Message.assistant(null, List.of(LS)),
                Message.user("hello?"),
                Message.assistant("a", List.of()))));
  }

  @Test
  void should_refuse_tool_names_the_formats_do_not_allow() {
    ToolCall spaced = new ToolCall("call_1", "read file", "{}");
    assertEquals(
        "tool name not [a-zA-Z0-9_-]{1,64}",
        reason(
            List.of(
                Message.user("u"),
                Message.assistant(null, List.of(spaced)),
                Message.tool("call_1", "read file", "x"),
                Message.assistant("a", List.of()))));
    assertEquals(
        "tool name not [a-zA-Z0-9_-]{1,64}",
        reason(
            List.of(Message.user("u"), Message.assistant("a", List.of())),
            List.of(new ToolSpec("x".repeat(65), "too long", "{}"))));
  }

  @Test
  void should_refuse_misplaced_roles() {
    assertEquals(
        "system message after the conversation began",
        reason(List.of(Message.user("u"), Message.system("s"), Message.assistant("a", List.of()))));
    assertEquals(
        "conversation does not start with a user message",
        reason(List.of(Message.system("s"), Message.assistant("a", List.of()))));
    assertEquals(
        "empty assistant message",
        reason(
            List.of(
                Message.user("u"),
                Message.assistant("", List.of()),
                Message.assistant("a", List.of()))));
    assertEquals("no messages", reason(List.of()));
  }
}
