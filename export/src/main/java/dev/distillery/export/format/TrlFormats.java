package dev.distillery.export.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.export.Trajectory;
import dev.distillery.trace.Message;
import java.util.List;

/**
 * TRL dataset types (huggingface/trl dataset_formats.md): conversational SFT, unpaired preference
 * (KTO) and preference with an explicit prompt (DPO). Arguments are objects; {@code tools} is the
 * list of function definitions the request offered.
 */
public final class TrlFormats {
  private TrlFormats() {}

  /** {@code {"messages", "tools"}}. */
  public static RowFormat sft() {
    return new RowFormat() {
      @Override
      public ObjectNode single(Trajectory run) throws InvalidRowException {
        ChatRules.check(run.messages(), run.tools());
        ObjectNode row = Json.object();
        row.set("messages", Conversation.trl(run.messages()));
        row.set("tools", Conversation.tools(run.tools()));
        return row;
      }
    };
  }

  /** {@code {"prompt", "completion", "label", "tools"}}: label true for correct. */
  public static RowFormat kto() {
    return new RowFormat() {
      @Override
      public ObjectNode single(Trajectory run) throws InvalidRowException {
        ChatRules.check(run.messages(), run.tools());
        ObjectNode row = Json.object();
        row.set("prompt", Conversation.trl(run.prompt()));
        row.set("completion", Conversation.trl(run.completion()));
        row.put("label", "correct".equals(run.label().value()));
        row.set("tools", Conversation.tools(run.tools()));
        return row;
      }
    };
  }

  /**
   * {@code {"prompt", "chosen", "rejected", "tools"}}: the shared prompt, then each attempt. Two
   * forks of one run (or a fork and its parent) share their history up to the fork as the prompt.
   */
  public static RowFormat dpo() {
    return new RowFormat() {
      @Override
      public ObjectNode pair(Trajectory chosen, Trajectory rejected) throws InvalidRowException {
        ChatRules.check(chosen.messages(), chosen.tools());
        ChatRules.check(rejected.messages(), rejected.tools());
        // forks of one history share it as the prompt; other attempts share the request
        int shared = Trajectory.pairPromptLength(chosen, rejected);
        List<Message> good = chosen.messages();
        List<Message> bad = rejected.messages();
        ObjectNode row = Json.object();
        row.set("prompt", Conversation.trl(good.subList(0, shared)));
        row.set("chosen", Conversation.trl(good.subList(shared, good.size())));
        row.set("rejected", Conversation.trl(bad.subList(shared, bad.size())));
        row.set("tools", Conversation.tools(chosen.tools()));
        return row;
      }
    };
  }
}
