package dev.distillery.runtime.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.runtime.model.MalformedResponseException;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds one reply from the chunks of a streamed chat completion: text deltas appended, tool-call
 * deltas keyed by their {@code index} (id and name from the first delta that has them, arguments
 * concatenated), the finish reason, and usage from the last chunk ({@code
 * stream_options.include_usage}). The result equals what the same reply gives unstreamed.
 */
final class StreamAssembler {
  /** The stream broke off or the server reported an error in it: worth another try. */
  static final class StreamBroken extends IOException {
    StreamBroken(String message) {
      super(message);
    }
  }

  private static final class PartialCall {
    String id;
    String name;
    StringBuilder arguments;
  }

  private final Consumer<String> onText;
  private final Map<Integer, PartialCall> calls = new TreeMap<>();
  private StringBuilder text;
  private String finishReason;
  private Usage usage = Usage.ZERO;
  private boolean sawChoice;
  private boolean done;

  StreamAssembler(Consumer<String> onText) {
    this.onText = onText;
  }

  boolean done() {
    return done;
  }

  /** One event's data. */
  void accept(String data) throws StreamBroken {
    if (data.strip().equals("[DONE]")) {
      done = true;
      return;
    }
    JsonNode chunk;
    try {
      chunk = WireFormat.JSON.readTree(data);
    } catch (IOException e) {
      throw new MalformedResponseException(
          "a streamed chunk is not JSON: " + WireFormat.snippet(data), e);
    }
    if (chunk == null || !chunk.isObject()) {
      throw new MalformedResponseException(
          "a streamed chunk is not a JSON object: " + WireFormat.snippet(data));
    }
    if (chunk.hasNonNull("error")) {
      throw new StreamBroken("the stream reported an error: " + WireFormat.errorMessage(data));
    }
    JsonNode reported = chunk.get("usage");
    if (reported != null && reported.isObject()) {
      usage =
          new Usage(
              Math.max(0, reported.path("prompt_tokens").asLong()),
              Math.max(0, reported.path("completion_tokens").asLong()));
    }
    JsonNode choice = chunk.path("choices").path(0);
    if (choice.isObject()) {
      sawChoice = true;
      delta(choice.path("delta"), data);
      if (choice.hasNonNull("finish_reason")) {
        finishReason = choice.get("finish_reason").asText();
      }
    }
  }

  private void delta(JsonNode delta, String data) {
    JsonNode content = delta.get("content");
    if (content != null && content.isTextual()) {
      text = text == null ? new StringBuilder() : text;
      text.append(content.asText());
      if (!content.asText().isEmpty()) {
        onText.accept(content.asText());
      }
    }
    int position = 0;
    for (JsonNode call : delta.path("tool_calls")) {
      int index = call.path("index").canConvertToInt() ? call.path("index").asInt() : position;
      PartialCall partial = calls.computeIfAbsent(index, i -> new PartialCall());
      if (partial.id == null && call.path("id").isTextual()) {
        partial.id = call.get("id").asText();
      }
      JsonNode function = call.path("function");
      if (partial.name == null && function.path("name").isTextual()) {
        partial.name = function.get("name").asText();
      }
      JsonNode arguments = function.get("arguments");
      if (arguments != null && arguments.isTextual()) {
        partial.arguments = partial.arguments == null ? new StringBuilder() : partial.arguments;
        partial.arguments.append(arguments.asText());
      } else if (arguments != null && arguments.isObject()) {
        partial.arguments = new StringBuilder(arguments.toString());
      }
      position++;
    }
  }

  /** The whole reply, once the stream has ended. */
  WireFormat.Parsed finish() throws StreamBroken {
    if (!done && finishReason == null) {
      throw new StreamBroken("the stream ended before the reply was complete");
    }
    if (!sawChoice) {
      throw new MalformedResponseException("the streamed answer has no choices");
    }
    List<ToolCall> assembled = new ArrayList<>();
    int position = 0;
    for (PartialCall call : calls.values()) {
      if (call.name == null || call.name.isEmpty()) {
        throw new MalformedResponseException("a streamed tool call has no function name");
      }
      assembled.add(
          new ToolCall(
              call.id == null ? "call_" + position : call.id,
              call.name,
              call.arguments == null ? "{}" : call.arguments.toString()));
      position++;
    }
    return new WireFormat.Parsed(
        Message.assistant(text == null ? null : text.toString(), assembled), finishReason, usage);
  }
}
