package dev.distillery.runtime.model.texttools;

import dev.distillery.trace.ToolSpec;
import java.util.List;

/**
 * What a model without native tool calls is told about the tools, appended to the system prompt.
 */
final class ToolPrompt {
  private ToolPrompt() {}

  static String describe(List<ToolSpec> tools) {
    StringBuilder text =
        new StringBuilder(
            """
            # Tools

            You can call tools. To call one, write a line that starts with <tool_call>, then one \
            JSON object with the tool's "name" and its "arguments", then </tool_call>, like this:

            <tool_call>{"name": "TOOL_NAME", "arguments": {"ARGUMENT": "VALUE"}}</tool_call>

            Put each call on its own line, outside code blocks and quotes; you may make several \
            calls in one reply. Then stop and wait: each result comes back in the next message as \
            <tool_result name="TOOL_NAME" id="CALL_ID">OUTPUT</tool_result>. When you need no tool, \
            answer in plain text.

            The tools:
            """);
    for (ToolSpec tool : tools) {
      text.append("\n- ")
          .append(tool.name())
          .append(": ")
          .append(tool.description().strip())
          .append("\n  arguments (JSON schema): ")
          .append(tool.parametersJson().strip())
          .append('\n');
    }
    return text.toString();
  }

  /** A tool's output as the model reads it. */
  static String result(String name, String id, String output) {
    return "<tool_result name=\""
        + name
        + "\" id=\""
        + id
        + "\">\n"
        + (output == null ? "" : output)
        + "\n</tool_result>";
  }
}
