package dev.distillery.export.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.export.Trajectory;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolSpec;
import java.util.List;

/**
 * OpenAI chat fine-tuning rows and preference (DPO) rows (openai/openai-openapi {@code
 * FineTuneChatRequestInput}, {@code FineTunePreferenceRequestInput}). {@code tools} is left out
 * when the request offered none.
 */
public final class OpenAiFormats {
  private OpenAiFormats() {}

  /**
   * {@code {"messages", "tools", "parallel_tool_calls"}}; assistant messages carry {@code weight}:
   * 1 on the last only, or on all when {@code trainOnAll}.
   */
  public static RowFormat sft(boolean trainOnAll) {
    return new RowFormat() {
      @Override
      public ObjectNode single(Trajectory run) throws InvalidRowException {
        List<Message> messages = run.messages();
        ChatRules.check(messages, run.tools());
        ObjectNode row = Json.object();
        row.set("messages", Conversation.openAi(messages, trainOnAll));
        tools(row, run.tools());
        row.put("parallel_tool_calls", Conversation.hasParallelCalls(messages));
        return row;
      }
    };
  }

  /**
   * {@code {"input": {"messages", "tools"}, "preferred_output": [assistant],
   * "non_preferred_output": [assistant]}}: one assistant turn each, so both must follow the same
   * input. The input is the history the two attempts share ({@link Trajectory#divergence}), and the
   * outputs are their turns where they part: at the first turn for attempts that differ from the
   * start, later for attempts (or forks) that took the same first steps. An attempt's final answer
   * alone would follow tool calls and results that are not in the input. A pair that parts at a
   * tool result, not at a turn of the model, has no two different outputs and is refused.
   */
  public static RowFormat dpo() {
    return new RowFormat() {
      @Override
      public ObjectNode pair(Trajectory chosen, Trajectory rejected) throws InvalidRowException {
        ChatRules.check(chosen.messages(), chosen.tools());
        ChatRules.check(rejected.messages(), rejected.tools());
        int shared = Trajectory.divergence(chosen, rejected);
        Message preferred = chosen.messages().get(shared);
        Message other = rejected.messages().get(shared);
        if (Trajectory.alike(preferred, other)) {
          throw new InvalidRowException("the attempts part at a tool result, not a model turn");
        }
        ObjectNode row = Json.object();
        ObjectNode input = row.putObject("input");
        input.set("messages", Conversation.openAi(chosen.messages().subList(0, shared), null));
        tools(input, chosen.tools());
        row.set("preferred_output", Conversation.openAi(List.of(preferred), null));
        row.set("non_preferred_output", Conversation.openAi(List.of(other), null));
        return row;
      }
    };
  }

  private static void tools(ObjectNode row, List<ToolSpec> tools) {
    if (!tools.isEmpty()) {
      row.set("tools", Conversation.tools(tools));
    }
  }
}
