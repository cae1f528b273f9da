package dev.distillery.runtime.model.scripted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.Json;
import dev.distillery.runtime.model.ChatReply;
import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.MalformedResponseException;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.ModelException;
import dev.distillery.runtime.model.RateLimitedException;
import dev.distillery.runtime.model.ServerErrorException;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model that replays replies from a JSON script. It is a real provider ({@code scripted}), not a
 * test double: the demo, the tests and offline users run on it, and its runs are recorded like any
 * other. The format (also in {@code docs/scripted-model.md}):
 *
 * <pre>{@code
 * { "replies": [REPLY, ...],
 *   "tasks": { "TASK_ID": { "replies": [REPLY, ...], "attempts": { "2": [REPLY, ...] } } } }
 * }</pre>
 *
 * A top-level array is short for {@code {"replies": [...]}}. The script for a request is {@code
 * tasks[taskId].attempts["<attempt>"]}, else {@code tasks[taskId].replies}, else the top-level
 * {@code replies}. A REPLY:
 *
 * <pre>{@code
 * { "content": "text, or null",
 *   "tool_calls": [ {"id": "optional, default call_<turn>_<i>", "name": "bash",
 *                    "arguments": {"command": "ls"}  or  "a raw string, sent verbatim"} ],
 *   "finish_reason": "optional; default stop, or tool_calls when it calls tools",
 *   "usage": {"prompt_tokens": 120, "completion_tokens": 30},
 *   "error": {"type": "server_error | rate_limited | malformed_response", "message": "..."} }
 * }</pre>
 *
 * Arguments given as an object are sent as its JSON text; as a string they are sent verbatim, so a
 * script can send malformed JSON and watch the agent recover. Without {@code usage} the tokens are
 * estimated at four characters each. With {@code error} the call throws that {@link ModelException}
 * instead of answering.
 *
 * <p>The reply used is the one numbered by how many assistant messages the request already holds,
 * so the client keeps no state and concurrent runs are safe. When the script has no reply left the
 * call fails, not retryable, naming the reply number, task and attempt. A script that is not valid
 * is refused when loaded, with a {@link DistilleryException} naming the file and the faulty place.
 */
public final class ScriptedModelClient implements ModelClient {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final List<String> ERROR_TYPES =
      List.of("server_error", "rate_limited", "malformed_response");

  private final JsonNode script;
  private final String source;

  private ScriptedModelClient(JsonNode script, String source) {
    this.script = script;
    this.source = source;
  }

  public static ScriptedModelClient fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new DistilleryException("cannot read model script " + file + ": no such file");
    } catch (IOException e) {
      throw new DistilleryException("cannot read model script " + file + ": " + e.getMessage());
    }
    return parse(text, "model script " + file);
  }

  public static ScriptedModelClient fromJson(String json) {
    return parse(json, "the model script");
  }

  private static ScriptedModelClient parse(String text, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String at =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw new DistilleryException(
          source + " is not valid JSON" + at + ": " + e.getOriginalMessage());
    }
    if (root != null && root.isArray()) {
      root = JSON.createObjectNode().set("replies", root);
    }
    if (root == null || !root.isObject()) {
      throw new DistilleryException(source + " must be a JSON object or an array of replies");
    }
    ScriptedModelClient client = new ScriptedModelClient(root, source);
    client.validate();
    return client;
  }

  @Override
  public String provider() {
    return "scripted";
  }

  @Override
  public ChatReply complete(ChatRequest request) {
    long start = System.nanoTime();
    int turn = (int) request.messages().stream().filter(m -> m.role() == Role.ASSISTANT).count();
    JsonNode replies = scriptFor(request.taskId(), request.attempt());
    if (turn >= replies.size()) {
      throw new ModelException(
          "script_exhausted",
          "the scripted model has no reply #"
              + (turn + 1)
              + " for task "
              + (request.taskId() == null ? "(none)" : request.taskId())
              + " attempt "
              + request.attempt()
              + " in "
              + source,
          false);
    }
    JsonNode reply = replies.get(turn);
    throwScriptedError(reply);
    Message message = Message.assistant(textOrNull(reply.get("content")), toolCalls(reply, turn));
    String finish =
        reply.hasNonNull("finish_reason")
            ? reply.get("finish_reason").asText()
            : message.toolCalls().isEmpty() ? "stop" : "tool_calls";
    return new ChatReply(message, finish, usage(reply, request, message), elapsed(start));
  }

  private JsonNode scriptFor(String taskId, int attempt) {
    JsonNode task = taskId == null ? null : script.path("tasks").get(taskId);
    if (task != null) {
      JsonNode byAttempt = task.path("attempts").get(String.valueOf(attempt));
      if (byAttempt != null) {
        return byAttempt;
      }
      if (task.has("replies")) {
        return task.get("replies");
      }
    }
    return script.path("replies");
  }

  private void validate() {
    replies(script.get("replies"), "replies");
    JsonNode tasks = script.get("tasks");
    if (tasks == null || tasks.isNull()) {
      return;
    }
    if (!tasks.isObject()) {
      throw invalid("tasks", "must be an object of task ids");
    }
    for (Map.Entry<String, JsonNode> task : tasks.properties()) {
      String where = "tasks." + task.getKey();
      if (!task.getValue().isObject()) {
        throw invalid(where, "must be an object with \"replies\" and/or \"attempts\"");
      }
      replies(task.getValue().get("replies"), where + ".replies");
      JsonNode attempts = task.getValue().get("attempts");
      if (attempts == null || attempts.isNull()) {
        continue;
      }
      if (!attempts.isObject()) {
        throw invalid(where + ".attempts", "must be an object keyed by attempt number");
      }
      for (Map.Entry<String, JsonNode> attempt : attempts.properties()) {
        if (!attempt.getKey().matches("[1-9][0-9]{0,8}")) {
          throw invalid(
              where + ".attempts", "\"" + attempt.getKey() + "\" is not an attempt number");
        }
        replies(attempt.getValue(), where + ".attempts." + attempt.getKey());
      }
    }
  }

  private void replies(JsonNode replies, String where) {
    if (replies == null || replies.isNull()) {
      return;
    }
    if (!replies.isArray()) {
      throw invalid(where, "must be a list of replies");
    }
    for (int i = 0; i < replies.size(); i++) {
      reply(replies.get(i), where + "[" + i + "]");
    }
  }

  private void reply(JsonNode reply, String where) {
    if (!reply.isObject()) {
      throw invalid(where, "a reply must be a JSON object");
    }
    textOrNullAt(reply, "content", where);
    textOrNullAt(reply, "finish_reason", where);
    JsonNode calls = reply.get("tool_calls");
    if (calls != null && !calls.isNull() && !calls.isArray()) {
      throw invalid(where + ".tool_calls", "must be a list");
    }
    for (int i = 0; calls != null && i < calls.size(); i++) {
      JsonNode call = calls.get(i);
      String at = where + ".tool_calls[" + i + "]";
      if (!call.isObject() || !call.path("name").isTextual()) {
        throw invalid(at, "a tool call needs a \"name\"");
      }
      textOrNullAt(call, "id", at);
      JsonNode arguments = call.get("arguments");
      if (arguments != null
          && !arguments.isNull()
          && !arguments.isObject()
          && !arguments.isTextual()) {
        throw invalid(at + ".arguments", "must be a JSON object or a string");
      }
    }
    JsonNode usage = reply.get("usage");
    if (usage != null
        && !usage.isNull()
        && !(usage.isObject()
            && count(usage.get("prompt_tokens"))
            && count(usage.get("completion_tokens")))) {
      throw invalid(
          where + ".usage", "needs whole numbers prompt_tokens and completion_tokens >= 0");
    }
    JsonNode error = reply.get("error");
    if (error != null && !error.isNull()) {
      String type = error.path("type").asText("");
      if (!error.isObject() || !ERROR_TYPES.contains(type)) {
        throw invalid(
            where + ".error", "needs a \"type\": one of " + String.join(", ", ERROR_TYPES));
      }
    }
  }

  private void textOrNullAt(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value != null && !value.isNull() && !value.isTextual()) {
      throw invalid(where + "." + field, "must be a string or null");
    }
  }

  private static boolean count(JsonNode value) {
    return value != null && value.canConvertToExactIntegral() && value.asLong() >= 0;
  }

  private DistilleryException invalid(String where, String what) {
    return new DistilleryException(source + ": " + where + " " + what);
  }

  private static void throwScriptedError(JsonNode reply) {
    JsonNode error = reply.get("error");
    if (error == null || error.isNull()) {
      return;
    }
    String message = error.path("message").asText("scripted error");
    switch (error.path("type").asText()) {
      case "rate_limited" -> throw new RateLimitedException(message);
      case "malformed_response" -> throw new MalformedResponseException(message);
      default -> throw new ServerErrorException(message);
    }
  }

  private static List<ToolCall> toolCalls(JsonNode reply, int turn) {
    List<ToolCall> calls = new ArrayList<>();
    int index = 0;
    for (JsonNode call : reply.path("tool_calls")) {
      JsonNode arguments = call.get("arguments");
      String argumentsJson =
          arguments == null || arguments.isNull()
              ? "{}"
              : arguments.isTextual() ? arguments.asText() : arguments.toString();
      String id = call.hasNonNull("id") ? call.get("id").asText() : "call_" + turn + "_" + index;
      calls.add(new ToolCall(id, call.get("name").asText(), argumentsJson));
      index++;
    }
    return calls;
  }

  private static Usage usage(JsonNode reply, ChatRequest request, Message message) {
    JsonNode usage = reply.get("usage");
    if (usage != null && usage.isObject()) {
      return new Usage(
          usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong());
    }
    long promptChars = 0;
    for (Message sent : request.messages()) {
      promptChars += sent.content() == null ? 0 : sent.content().length();
    }
    long replyChars = message.content() == null ? 0 : message.content().length();
    for (ToolCall call : message.toolCalls()) {
      replyChars += call.name().length() + call.argumentsJson().length();
    }
    return new Usage((promptChars + 3) / 4, (replyChars + 3) / 4);
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
