package dev.distillery.runtime.compact;

import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import java.util.List;
import java.util.Map;

/**
 * Asks the run's own model for the summary: one call without tools, the older messages given as a
 * plain transcript under a fixed instruction ({@link #INSTRUCTION}).
 */
public final class ModelSummarizer implements Summarizer {
  public static final String INSTRUCTION =
      "You condense an agent's working conversation so that it can continue with less context."
          + " Write a summary that keeps: the user's requests in their words, what has been done"
          + " (files written, commands run and their results), what was learned, and what is left"
          + " to do. Be specific (paths, names, numbers); leave out pleasantries. Reply with the"
          + " summary only.";

  private final ModelClient client;
  private final String model;
  private final String runId;
  private final String taskId;
  private final int attempt;

  public ModelSummarizer(
      ModelClient client, String model, String runId, String taskId, int attempt) {
    this.client = client;
    this.model = model;
    this.runId = runId;
    this.taskId = taskId;
    this.attempt = attempt;
  }

  @Override
  public Summary summarize(List<Message> messages) {
    ChatRequest request =
        new ChatRequest(
            model,
            List.of(Message.system(INSTRUCTION), Message.user(transcript(messages))),
            List.of(),
            Map.of(),
            runId,
            taskId,
            attempt);
    ChatReply reply = client.complete(request);
    String text = reply.message().content();
    return new Summary(text == null ? "" : text.strip(), reply.usage());
  }

  static String transcript(List<Message> messages) {
    StringBuilder text = new StringBuilder();
    for (Message message : messages) {
      text.append('[').append(message.role().name().toLowerCase(java.util.Locale.ROOT));
      if (message.name() != null) {
        text.append(' ').append(message.name());
      }
      text.append("]\n");
      if (message.content() != null && !message.content().isBlank()) {
        text.append(message.content().strip()).append('\n');
      }
      for (ToolCall call : message.toolCalls()) {
        text.append("calls ")
            .append(call.name())
            .append(' ')
            .append(call.argumentsJson())
            .append('\n');
      }
      text.append('\n');
    }
    return text.toString().strip();
  }
}
