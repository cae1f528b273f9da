package dev.distillery.runtime.model.texttools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.distillery.trace.ToolCall;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolCallTagsTest {
  private static final Set<String> TOOLS = Set.of("bash", "write_file");

  private static ToolCallTags.Found find(String text) {
    return ToolCallTags.find(text, TOOLS, 2);
  }

  @Test
  void should_read_calls_on_their_own_lines_and_keep_the_rest_as_text() {
    ToolCallTags.Found found =
        find(
            """
            I will look first.
            <tool_call>{"name": "bash", "arguments": {"command": "ls -a"}}</tool_call>
              <tool_call>
              {"name": "write_file", "arguments": {"path": "a.txt", "content": "x"}}
              </tool_call>
            """);

    assertEquals("I will look first.", found.text());
    assertEquals(
        List.of(
            new ToolCall("call_2_0", "bash", "{\"command\":\"ls -a\"}"),
            new ToolCall("call_2_1", "write_file", "{\"path\":\"a.txt\",\"content\":\"x\"}")),
        found.calls());
  }

  @Test
  void should_read_a_closing_tag_inside_the_arguments_as_part_of_them() {
    ToolCallTags.Found found =
        find(
            "<tool_call>{\"name\": \"write_file\", \"arguments\": {\"path\": \"f.md\","
                + " \"content\": \"end with </tool_call>\"}}</tool_call>");

    assertNull(found.text());
    assertEquals(1, found.calls().size());
    assertEquals(
        "{\"path\":\"f.md\",\"content\":\"end with </tool_call>\"}",
        found.calls().get(0).argumentsJson());
  }

  @Test
  void should_take_a_last_call_whose_closing_tag_was_cut_off() {
    ToolCallTags.Found found =
        find("<tool_call>{\"name\": \"bash\", \"arguments\": {\"command\": \"pwd\"}}\n");

    assertEquals(List.of(new ToolCall("call_2_0", "bash", "{\"command\":\"pwd\"}")), found.calls());
  }

  @Test
  void should_leave_look_alike_tags_in_prose_quotes_and_code_as_text() {
    String text =
        """
        To call a tool, models write <tool_call>{"name": "bash", "arguments": {}}</tool_call> in a sentence.
        Inline: `<tool_call>{"name": "bash", "arguments": {"command": "rm -rf /"}}</tool_call>`
        > <tool_call>{"name": "bash", "arguments": {"command": "quoted"}}</tool_call>
        "<tool_call>{"name": "bash", "arguments": {"command": "in quotes"}}</tool_call>"
        ```xml
        <tool_call>{"name": "bash", "arguments": {"command": "in a fence"}}</tool_call>
        ```
        ~~~
        <tool_call>{"name": "bash", "arguments": {"command": "in a tilde fence"}}</tool_call>
        ~~~
            <tool_call>{"name": "bash", "arguments": {"command": "indented code"}}</tool_call>
        <tool_call>{"name": "delete_everything", "arguments": {}}</tool_call>
        <tool_call>{"name": "bash", "arguments": {"command": "broken"</tool_call>
        <tool_call>{"name": "bash", "arguments": ["not", "an", "object"]}</tool_call>
        <tool_call>{"name": "bash"} and then some words</tool_call>
        <tool_call> is how the format begins.
        That is all.""";

    ToolCallTags.Found found = find(text);

    assertEquals(List.of(), found.calls());
    assertEquals(text, found.text());
  }

  @Test
  void should_find_a_real_call_after_a_fenced_example_closes() {
    ToolCallTags.Found found =
        find(
            """
            The format looks like this:
            ```
            <tool_call>{"name": "bash", "arguments": {"command": "example"}}</tool_call>
            ```
            Now for real:
            <tool_call>{"name": "bash", "arguments": {"command": "real"}}</tool_call>""");

    assertEquals(
        List.of(new ToolCall("call_2_0", "bash", "{\"command\":\"real\"}")), found.calls());
    assertEquals(
        """
        The format looks like this:
        ```
        <tool_call>{"name": "bash", "arguments": {"command": "example"}}</tool_call>
        ```
        Now for real:""",
        found.text());
  }

  @Test
  void should_keep_string_arguments_verbatim_and_default_missing_ones_to_an_empty_object() {
    ToolCallTags.Found found =
        find(
            """
            <tool_call>{"name": "bash", "arguments": "{\\"command\\": \\"ls\\""}</tool_call>
            <tool_call>{"name": "bash"}</tool_call>""");

    assertEquals("{\"command\": \"ls\"", found.calls().get(0).argumentsJson());
    assertEquals("{}", found.calls().get(1).argumentsJson());
  }
}
