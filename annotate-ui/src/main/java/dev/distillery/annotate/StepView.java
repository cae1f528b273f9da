package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventText;
import dev.distillery.trace.Message;
import dev.distillery.trace.Retry;
import dev.distillery.trace.ToolCall;
import dev.distillery.trace.TraceEvent;
import java.util.List;
import java.util.Locale;

/** One step of a run's timeline as HTML; every trace value escaped. */
final class StepView {
  static final int FOLD_CHARS = 1_200;
  static final int FOLD_LINES = 15;

  private StepView() {}

  /**
   * @param turn the model turn this step belongs to (1 = the first response)
   * @param flags step annotations about this event
   */
  static String render(TraceEvent event, int turn, List<Annotation> flags) {
    EventPayload payload = event.payload();
    String minor = event.kind() == dev.distillery.trace.EventKind.STATE_CHANGED ? " minor" : "";
    return "<li class=\"step "
        + event.kind().wire()
        + minor
        + "\" id=\"step-"
        + event.seq()
        + "\" data-seq=\""
        + event.seq()
        + "\" data-event-id=\""
        + esc(event.id())
        + "\"><div class=\"step-head\"><span class=\"seq\">#"
        + event.seq()
        + "</span> <b>"
        + title(payload, turn)
        + "</b> <time>"
        + esc(event.timestamp())
        + "</time>"
        + (minor.isEmpty() ? "<button type=\"button\" class=\"flag\">flag step (f)</button>" : "")
        + "</div>"
        + body(event)
        + flags(flags)
        + "</li>";
  }

  private static String title(EventPayload payload, int turn) {
    return switch (payload.kind()) {
      case RUN_STARTED -> "User request";
      case STATE_CHANGED -> "state";
      case MODEL_REQUEST -> "Model request (turn " + turn + ")";
      case MODEL_RESPONSE -> "Model turn " + turn;
      case TOOL_CALL -> "Tool call " + esc(((EventPayload.ToolCalled) payload).toolName());
      case TOOL_RESULT -> "Tool result " + esc(((EventPayload.ToolResult) payload).toolName());
      case CHECK_RESULT -> "Check";
      case ERROR -> "Error";
      case RUN_FINISHED -> "Run finished";
      case POLICY_DECISION -> ControlStepView.title((EventPayload.PolicyDecision) payload);
      case APPROVAL -> ControlStepView.title((EventPayload.ApprovalAnswered) payload);
      case HOOK_RESULT -> ControlStepView.title((EventPayload.HookRan) payload);
      case SKILL_RUN -> ControlStepView.title((EventPayload.SkillRun) payload);
      case COMPACTION -> ControlStepView.title((EventPayload.Compaction) payload);
      case EXAMPLES_RETRIEVED -> ControlStepView.title((EventPayload.ExamplesRetrieved) payload);
      case CHECKPOINT -> "Checkpoint (step " + ((EventPayload.Checkpoint) payload).step() + ")";
      case RUN_RESUMED -> "Run resumed";
    };
  }

  /** Each kind's body; the long text in it is the kind's {@link EventText}. */
  private static String body(TraceEvent event) {
    EventPayload payload = event.payload();
    String text = EventText.of(payload);
    Long durationMs = event.durationMs();
    return switch (event.kind()) {
      case RUN_STARTED -> pre(text);
      case STATE_CHANGED -> stateChanged((EventPayload.StateChanged) payload);
      case MODEL_REQUEST -> request((EventPayload.ModelRequest) payload);
      case MODEL_RESPONSE -> response((EventPayload.ModelResponse) payload, text);
      case TOOL_CALL -> toolCall((EventPayload.ToolCalled) payload, text);
      case TOOL_RESULT -> toolResult((EventPayload.ToolResult) payload, durationMs, text);
      case CHECK_RESULT -> check(((EventPayload.CheckFinished) payload).result());
      case ERROR -> error((EventPayload.Error) payload, text);
      case RUN_FINISHED -> finished((EventPayload.RunFinished) payload, text);
      case POLICY_DECISION -> ControlStepView.body((EventPayload.PolicyDecision) payload, text);
      case APPROVAL -> ControlStepView.body((EventPayload.ApprovalAnswered) payload, durationMs);
      case HOOK_RESULT -> ControlStepView.body((EventPayload.HookRan) payload, text);
      case SKILL_RUN -> ControlStepView.body((EventPayload.SkillRun) payload, durationMs, text);
      case COMPACTION -> ControlStepView.body((EventPayload.Compaction) payload);
      case EXAMPLES_RETRIEVED -> ControlStepView.body((EventPayload.ExamplesRetrieved) payload);
      case CHECKPOINT -> checkpoint((EventPayload.Checkpoint) payload, text);
      case RUN_RESUMED -> resumed((EventPayload.RunResumed) payload, text);
    };
  }

  private static String checkpoint(EventPayload.Checkpoint checkpoint, String snapshot) {
    return "<p class=\"facts\">"
        + fact("messages", checkpoint.messages())
        + fact("snapshot", snapshot == null ? "none" : checkpoint.snapshotMode())
        + "</p>"
        + (snapshot == null ? "" : "<pre>" + esc(snapshot) + "</pre>");
  }

  private static String resumed(EventPayload.RunResumed resumed, String reason) {
    return "<p class=\"facts\">"
        + fact("from step", resumed.step())
        + fact(
            "checkpoint",
            resumed.checkpointId() == null ? "none: started over" : resumed.checkpointId())
        + "</p>"
        + (reason == null ? "" : "<p class=\"muted\">stopped: " + esc(reason) + "</p>");
  }

  private static String stateChanged(EventPayload.StateChanged state) {
    return "<span class=\"muted\">" + esc(state.from()) + " → " + esc(state.to()) + "</span>";
  }

  private static String request(EventPayload.ModelRequest request) {
    StringBuilder out = new StringBuilder("<p class=\"facts\">");
    out.append(request.context().size()).append(" messages sent, ");
    out.append(request.tools().size()).append(" tools offered</p>");
    int index = request.firstIndex();
    for (Message message : request.appended()) {
      out.append("<div class=\"message ").append(message.role().wire()).append("\">");
      out.append("<span class=\"role\">#").append(index++).append(' ');
      out.append(esc(message.role().wire())).append("</span>");
      out.append(folded(message.content()));
      out.append("</div>");
    }
    return out.toString();
  }

  private static String response(EventPayload.ModelResponse response, String content) {
    StringBuilder out = new StringBuilder("<p class=\"facts\">");
    out.append(fact("finish", response.finishReason()));
    out.append(fact("prompt tokens", response.usage().promptTokens()));
    out.append(fact("completion tokens", response.usage().completionTokens()));
    out.append(fact("latency", response.latencyMs() + " ms"));
    out.append(fact("cost", money(response.costUsd())));
    out.append(retries(response.retries())).append("</p>");
    if (content != null && !content.isBlank()) {
      out.append(folded(content));
    }
    for (ToolCall call : response.message().toolCalls()) {
      out.append("<div class=\"tool-call\"><span class=\"role\">calls ")
          .append(esc(call.name()))
          .append("</span> <code>")
          .append(esc(call.id()))
          .append("</code>")
          .append(arguments(call.argumentsJson()))
          .append("</div>");
    }
    return out.toString();
  }

  private static String toolCall(EventPayload.ToolCalled call, String argumentsJson) {
    return "<p class=\"facts\">" + fact("call", call.callId()) + "</p>" + arguments(argumentsJson);
  }

  private static String arguments(String json) {
    String note = Json.valid(json) ? "" : "<p class=\"warn\">arguments are not valid JSON</p>";
    return note + "<pre class=\"json\">" + esc(Json.pretty(json)) + "</pre>";
  }

  private static String toolResult(EventPayload.ToolResult result, Long durationMs, String output) {
    return "<p class=\"facts\">"
        + fact("exit code", result.exitCode() == null ? "–" : result.exitCode())
        + fact("duration", durationMs == null ? "–" : durationMs + " ms")
        + (result.truncated() ? "<span class=\"badge warn\">truncated</span>" : "")
        + (result.isError() ? "<span class=\"badge bad\">error</span>" : "")
        + "</p>"
        + folded(output);
  }

  static String check(CheckResult check) {
    return "<p class=\"facts\"><span class=\"badge check-"
        + check.status().wire()
        + "\">"
        + check.status().wire()
        + "</span>"
        + fact("command", check.command())
        + fact("exit code", check.exitCode() == null ? "–" : check.exitCode())
        + fact("duration", check.durationMs() + " ms")
        + "</p>"
        + folded(check.output());
  }

  private static String error(EventPayload.Error error, String message) {
    return "<p class=\"facts\"><span class=\"badge bad\">"
        + esc(error.errorType())
        + "</span>"
        + (error.retryable() ? fact("retryable", "yes") : "")
        + retries(error.retries())
        + "</p>"
        + pre(message);
  }

  private static String finished(EventPayload.RunFinished finished, String reason) {
    return "<p class=\"facts\">"
        + fact("status", finished.status().wire())
        + fact("outcome", finished.outcome())
        + fact("turns", finished.turns())
        + fact("tokens", finished.usage().total())
        + fact("cost", money(finished.costUsd()))
        + "</p>"
        + pre(reason);
  }

  private static String flags(List<Annotation> flags) {
    if (flags.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("<ul class=\"flags\">");
    for (Annotation flag : flags) {
      out.append("<li>⚑ <b>").append(esc(flag.author())).append("</b> ");
      out.append(esc(flag.label() == null ? "flagged" : flag.label())).append(' ');
      out.append(esc(String.join(", ", flag.tags()))).append(' ');
      out.append(esc(flag.comment() == null ? "" : flag.comment()));
      out.append(" <time>").append(esc(flag.createdAt())).append("</time></li>");
    }
    return out.append("</ul>").toString();
  }

  /** The tries a model call lost before its answer (or its error), one fact; none when none. */
  private static String retries(List<Retry> retries) {
    if (retries.isEmpty()) {
      return "";
    }
    return fact("retries", String.join("; ", retries.stream().map(Retry::summary).toList()));
  }

  static String fact(String name, Object value) {
    return "<span class=\"fact\"><span class=\"muted\">"
        + esc(name)
        + "</span> "
        + esc(value == null ? "–" : value)
        + "</span>";
  }

  static String money(Double usd) {
    return usd == null ? "–" : String.format(Locale.ROOT, "$%.4f", usd);
  }

  static String pre(String text) {
    return text == null || text.isEmpty() ? "" : "<pre>" + esc(text) + "</pre>";
  }

  /** Long text folded in a {@code <details>} whose summary is its first line. */
  static String folded(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    long lines = text.lines().count();
    if (text.length() <= FOLD_CHARS && lines <= FOLD_LINES) {
      return pre(text);
    }
    return "<details class=\"long\"><summary>"
        + esc(Html.cut(text.lines().findFirst().orElse(""), 100))
        + " <span class=\"muted\">("
        + lines
        + " lines, "
        + text.length()
        + " characters)</span></summary>"
        + pre(text)
        + "</details>";
  }
}
