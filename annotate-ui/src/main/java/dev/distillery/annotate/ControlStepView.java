package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;
import static dev.distillery.annotate.StepView.fact;
import static dev.distillery.annotate.StepView.folded;
import static dev.distillery.annotate.StepView.pre;

import dev.distillery.trace.EventPayload;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The harness's decisions on the timeline: policy decisions, approvals, hooks, skill commands and
 * compactions. Every value from the trace is escaped.
 */
final class ControlStepView {
  private ControlStepView() {}

  static String title(EventPayload.PolicyDecision decision) {
    return "Policy " + esc(decision.decision()) + " " + esc(decision.toolName());
  }

  static String title(EventPayload.ApprovalAnswered approval) {
    return (approval.granted() ? "Approved " : "Refused ") + esc(approval.toolName());
  }

  static String title(EventPayload.HookRan hook) {
    return "Hook " + esc(hook.phase().replace('_', ' ')) + (hook.blocked() ? " blocked" : "");
  }

  static String title(EventPayload.SkillRun skill) {
    return "Skill " + esc(skill.skill());
  }

  static String title(EventPayload.Compaction compaction) {
    return "Compaction";
  }

  /**
   * @param reason the decision's {@link dev.distillery.trace.EventText}
   */
  static String body(EventPayload.PolicyDecision decision, String reason) {
    String badge =
        switch (decision.decision()) {
          case "deny" -> "bad";
          case "ask" -> "warn";
          default -> "ok";
        };
    return "<p class=\"facts\"><span class=\"badge "
        + badge
        + "\">"
        + esc(decision.decision())
        + "</span>"
        + fact("call", decision.callId())
        + fact("rule", decision.rule())
        + fact("source", decision.source())
        + "</p>"
        + pre(reason);
  }

  static String body(EventPayload.ApprovalAnswered approval, Long durationMs) {
    return "<p class=\"facts\"><span class=\"badge "
        + (approval.granted() ? "ok" : "bad")
        + "\">"
        + esc(approval.answer())
        + "</span>"
        + fact("by", approval.answeredBy())
        + fact("waited", durationMs == null ? "–" : durationMs + " ms")
        + fact("call", approval.callId())
        + "</p>";
  }

  /**
   * @param message the hook's {@link dev.distillery.trace.EventText}
   */
  static String body(EventPayload.HookRan hook, String message) {
    return "<p class=\"facts\">"
        + (hook.blocked() ? "<span class=\"badge bad\">blocked</span>" : "")
        + fact("hook", hook.hook())
        + fact("tool", hook.toolName())
        + fact("exit code", hook.exitCode() == null ? "–" : hook.exitCode())
        + "</p>"
        + pre(message);
  }

  /**
   * @param output the skill's {@link dev.distillery.trace.EventText}
   */
  static String body(EventPayload.SkillRun skill, Long durationMs, String output) {
    return "<p class=\"facts\">"
        + fact("trigger", skill.trigger())
        + fact("command", skill.command())
        + fact("exit code", skill.exitCode() == null ? "–" : skill.exitCode())
        + fact("duration", durationMs == null ? "–" : durationMs + " ms")
        + (skill.truncated() ? "<span class=\"badge warn\">truncated</span>" : "")
        + "</p><p class=\"muted\">ran without calling the model</p>"
        + folded(output);
  }

  static String title(EventPayload.ExamplesRetrieved examples) {
    return examples.runs().isEmpty()
        ? "Worked examples: none found"
        : "Worked examples (" + examples.runs().size() + ")";
  }

  /** The example runs, each a link to its page, with its label and how alike its task is. */
  static String body(EventPayload.ExamplesRetrieved examples) {
    StringBuilder html =
        new StringBuilder("<p class=\"facts\">")
            .append(fact("scope", examples.scope()))
            .append(fact("tokens", examples.tokens()))
            .append(fact("found", examples.found()))
            .append("</p>");
    if (!examples.runs().isEmpty()) {
      html.append("<ol class=\"examples\">");
      for (int i = 0; i < examples.runs().size(); i++) {
        String run = examples.runs().get(i);
        html.append("<li><a href=\"/runs/")
            .append(esc(URLEncoder.encode(run, StandardCharsets.UTF_8)))
            .append("\">")
            .append(esc(run))
            .append("</a> ")
            .append(esc(examples.labels().get(i)))
            .append(", alike ")
            .append(esc(String.format(Locale.ROOT, "%.2f", examples.scores().get(i))))
            .append("</li>");
      }
      html.append("</ol>");
    }
    return html.toString();
  }

  static String body(EventPayload.Compaction compaction) {
    return "<p class=\"facts\">"
        + fact("tokens before", compaction.tokensBefore())
        + fact("tokens after", compaction.tokensAfter())
        + fact("context window", compaction.contextWindow())
        + fact("outputs cut", compaction.outputsCut())
        + fact("messages summarized", compaction.messagesSummarized())
        + fact(
            "summary message",
            compaction.summaryIndex() == null ? "–" : "#" + compaction.summaryIndex())
        + fact("summary tokens", compaction.summaryUsage().total())
        + "</p>";
  }
}
