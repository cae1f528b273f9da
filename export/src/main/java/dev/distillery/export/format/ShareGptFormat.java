package dev.distillery.export.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.export.Trajectory;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * LLaMA-Factory ShareGPT (hiyouga/LLaMA-Factory data/README.md): {@code human} and {@code
 * observation} turns at odd positions, {@code gpt} and {@code function_call} at even ones, an even
 * count. The loader silently drops rows that break this, so consecutive turns of one side are
 * merged (the results of parallel calls become one observation holding a JSON list of the outputs)
 * and anything that cannot be merged is refused here.
 *
 * <p>An assistant message that calls tools becomes a {@code function_call} turn: {@code
 * {"name","arguments":{...}}}, or a list of those for parallel calls. Text the model wrote beside
 * its calls ("Let me look.") cannot be a {@code gpt} turn of its own (two even turns in a row are
 * dropped by the loader), so it goes before the calls' JSON as a thought: {@code <think>\nLet me
 * look.\n</think>\n\n{"name":...}}. LLaMA-Factory's function formatter takes such a block off
 * before it parses the JSON and puts it back in front of the formatted calls, so the text is
 * trained where the model wrote it, inside those tags. {@code system} and {@code tools} are always
 * strings, empty when there are none.
 */
public final class ShareGptFormat implements RowFormat {
  private record Turn(String from, String value, int merged) {}

  @Override
  public ObjectNode single(Trajectory run) throws InvalidRowException {
    ChatRules.check(run.messages(), run.tools());
    StringBuilder system = new StringBuilder();
    List<Turn> turns = new ArrayList<>();
    for (Message message : run.messages()) {
      switch (message.role()) {
        case SYSTEM -> system.append(system.isEmpty() ? "" : "\n\n").append(text(message));
        case USER -> add(turns, new Turn("human", text(message), 1));
        case TOOL -> add(turns, new Turn("observation", text(message), 1));
        case ASSISTANT ->
            add(
                turns,
                message.toolCalls().isEmpty()
                    ? new Turn("gpt", text(message), 1)
                    : new Turn("function_call", functionCall(message), 1));
      }
    }
    if (turns.size() % 2 != 0 || !odd(turns.get(0))) {
      throw new InvalidRowException("sharegpt turns do not alternate");
    }
    ObjectNode row = Json.object();
    ArrayNode conversations = row.putArray("conversations");
    for (Turn turn : turns) {
      conversations.addObject().put("from", turn.from()).put("value", turn.value());
    }
    row.put("system", system.toString());
    row.put("tools", run.tools().isEmpty() ? "" : tools(run.tools()));
    return row;
  }

  /** The {@code dataset_info.json} entry LLaMA-Factory needs for a file of this format. */
  public static ObjectNode datasetInfo(String fileName) {
    ObjectNode entry = Json.object();
    entry.put("file_name", fileName);
    entry.put("formatting", "sharegpt");
    ObjectNode columns = entry.putObject("columns");
    columns.put("messages", "conversations");
    columns.put("system", "system");
    columns.put("tools", "tools");
    return entry;
  }

  /** Appends a turn, merging it into the previous one when both are on the same side. */
  private static void add(List<Turn> turns, Turn turn) throws InvalidRowException {
    if (turns.isEmpty() || odd(turns.get(turns.size() - 1)) != odd(turn)) {
      turns.add(turn);
      return;
    }
    Turn previous = turns.remove(turns.size() - 1);
    if (!previous.from().equals(turn.from())) {
      throw new InvalidRowException(
          "sharegpt cannot merge " + previous.from() + " and " + turn.from());
    }
    turns.add(merge(previous, turn));
  }

  private static Turn merge(Turn previous, Turn next) {
    if (!previous.from().equals("observation")) {
      return new Turn(previous.from(), previous.value() + "\n\n" + next.value(), 1);
    }
    ArrayNode results = Json.MAPPER.createArrayNode();
    if (previous.merged() > 1) {
      results.addAll((ArrayNode) Json.parse(previous.value()));
    } else {
      results.add(previous.value());
    }
    results.add(next.value());
    return new Turn("observation", Json.write(results), previous.merged() + 1);
  }

  /** human and observation sit at odd positions (1-based); gpt and function_call at even. */
  private static boolean odd(Turn turn) {
    return turn.from().equals("human") || turn.from().equals("observation");
  }

  private static String text(Message message) {
    return message.content() == null ? "" : message.content();
  }

  private static String functionCall(Message message) throws InvalidRowException {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (ToolCall call : message.toolCalls()) {
      ObjectNode item = list.addObject();
      item.put("name", call.name());
      item.set("arguments", Json.argumentsObject(call.argumentsJson(), call.name()));
    }
    JsonNode value = list.size() == 1 ? list.get(0) : list;
    String text = message.content();
    // LLaMA-Factory's thought words: "<think>\n", "\n</think>\n\n" (older: without the newlines)
    String thought = text == null || text.isBlank() ? "" : "<think>\n" + text + "\n</think>\n\n";
    return thought + Json.write(value);
  }

  private static String tools(List<ToolSpec> tools) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (ToolSpec spec : tools) {
      list.add(Conversation.function(spec));
    }
    return Json.write(list);
  }
}
