package dev.distillery.runtime.model.texttools;

import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Tool calls for a model that has no native ones: a decorator, so the loop and the trace see the
 * same structured requests and replies as with any model. Going out, the tools are described at the
 * end of the system prompt ({@link ToolPrompt}) and no {@code tools} are sent; earlier calls are
 * written back as {@code <tool_call>} lines and tool results as one user message of {@code
 * <tool_result>} blocks. Coming back, calls are read from the reply's text ({@link ToolCallTags})
 * and the text keeps the rest. docs/models.md shows exactly what the model is sent.
 */
public final class TextToolCallClient implements ModelClient {
  private final ModelClient inner;

  public TextToolCallClient(ModelClient inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  @Override
  public String provider() {
    return inner.provider();
  }

  @Override
  public ChatReply complete(ChatRequest request) {
    if (request.tools().isEmpty()) {
      return inner.complete(request);
    }
    ChatReply reply = inner.complete(asText(request));
    Set<String> names = new LinkedHashSet<>();
    request.tools().forEach(tool -> names.add(tool.name()));
    int turn = (int) request.messages().stream().filter(m -> m.role() == Role.ASSISTANT).count();
    ToolCallTags.Found found = ToolCallTags.find(reply.message().content(), names, turn);
    if (found.calls().isEmpty()) {
      return reply;
    }
    List<ToolCall> calls = new ArrayList<>(reply.message().toolCalls());
    calls.addAll(found.calls());
    // a reply cut at the length limit stays so: a call in it may be cut mid-argument
    String finish = "length".equals(reply.finishReason()) ? "length" : "tool_calls";
    return new ChatReply(
        Message.assistant(found.text(), calls),
        finish,
        reply.usage(),
        reply.latencyMs(),
        reply.retries());
  }

  /** The request as this model is sent it: no tool specs, everything in text. */
  static ChatRequest asText(ChatRequest request) {
    List<Message> messages = new ArrayList<>();
    String tools = ToolPrompt.describe(request.tools());
    List<Message> sent = request.messages();
    if (sent.isEmpty() || sent.get(0).role() != Role.SYSTEM) {
      messages.add(Message.system(tools));
    }
    StringBuilder results = null;
    for (int i = 0; i < sent.size(); i++) {
      Message message = sent.get(i);
      if (message.role() == Role.TOOL) {
        results = results == null ? new StringBuilder() : results.append("\n\n");
        results.append(ToolPrompt.result(message.name(), message.toolCallId(), message.content()));
        continue;
      }
      if (results != null) {
        messages.add(Message.user(results.toString()));
        results = null;
      }
      if (i == 0 && message.role() == Role.SYSTEM) {
        String prompt = message.content() == null ? "" : message.content().strip() + "\n\n";
        messages.add(Message.system(prompt + tools));
      } else if (message.role() == Role.ASSISTANT && !message.toolCalls().isEmpty()) {
        messages.add(Message.assistant(withCalls(message), List.of()));
      } else {
        messages.add(message);
      }
    }
    if (results != null) {
      messages.add(Message.user(results.toString()));
    }
    return new ChatRequest(
        request.model(),
        messages,
        List.<ToolSpec>of(),
        request.parameters(),
        request.runId(),
        request.taskId(),
        request.attempt());
  }

  private static String withCalls(Message message) {
    StringBuilder text = new StringBuilder();
    if (message.content() != null && !message.content().isBlank()) {
      text.append(message.content().strip()).append("\n\n");
    }
    for (ToolCall call : message.toolCalls()) {
      text.append(ToolCallTags.render(call)).append('\n');
    }
    return text.toString().strip();
  }
}
