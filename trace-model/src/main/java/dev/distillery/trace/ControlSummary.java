package dev.distillery.trace;

import static dev.distillery.trace.EventSummary.firstLine;
import static dev.distillery.trace.EventSummary.millis;

import dev.distillery.trace.EventSummary.Fact;
import dev.distillery.trace.EventSummary.Show;
import dev.distillery.trace.EventSummary.Tone;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link EventSummary} of the harness's decisions — policy, approval, hook, skill, compaction —
 * and of checkpoints and resumes. A decision's line starts with a space: "policy decision" fills
 * the terminal's kind column, and the others keep the same gap.
 */
final class ControlSummary {
  private ControlSummary() {}

  static EventSummary of(EventPayload.PolicyDecision decision) {
    Tone tone =
        switch (decision.decision()) {
          case "deny" -> Tone.BAD;
          case "ask" -> Tone.WARN;
          default -> Tone.OK; // allow, and any word a later policy adds
        };
    return new EventSummary(
        "Policy " + decision.decision() + " " + decision.toolName(),
        " "
            + decision.decision()
            + " "
            + decision.toolName()
            + (decision.rule() == null ? "" : ": " + decision.reason())
            + (decision.source() == null ? "" : " (" + decision.source() + " rule)"),
        List.of(
            Fact.badge(decision.decision(), tone),
            Fact.named("call", decision.callId()),
            Fact.named("rule", decision.rule()),
            Fact.named("source", decision.source())),
        Show.PRE,
        decision.rule());
  }

  static EventSummary of(EventPayload.ApprovalAnswered approval, Long durationMs) {
    return new EventSummary(
        (approval.granted() ? "Approved " : "Refused ") + approval.toolName(),
        " "
            + (approval.granted() ? "approved " : "refused ")
            + approval.toolName()
            + ": "
            + approval.answer()
            + " by "
            + approval.answeredBy()
            + " after "
            + millis(durationMs),
        List.of(
            Fact.badge(approval.answer(), approval.granted() ? Tone.OK : Tone.BAD),
            Fact.named("by", approval.answeredBy()),
            Fact.named("waited", durationMs == null ? null : durationMs + " ms"),
            Fact.named("call", approval.callId())),
        Show.NONE);
  }

  static EventSummary of(EventPayload.HookRan hook, String message) {
    List<Fact> facts = new ArrayList<>();
    if (hook.blocked()) {
      facts.add(Fact.badge("blocked", Tone.BAD));
    }
    facts.add(Fact.named("hook", hook.hook()));
    facts.add(Fact.named("tool", hook.toolName()));
    facts.add(Fact.named("exit code", hook.exitCode()));
    return new EventSummary(
        "Hook " + hook.phase().replace('_', ' ') + (hook.blocked() ? " blocked" : ""),
        " hook "
            + hook.phase()
            + " "
            + hook.toolName()
            + (hook.blocked() ? " BLOCKED" : "")
            + (hook.exitCode() == null ? "" : " (exit " + hook.exitCode() + ")")
            + "  $ "
            + firstLine(hook.hook(), 80),
        facts,
        Show.PRE,
        message);
  }

  static EventSummary of(EventPayload.SkillRun skill, Long durationMs, String output) {
    List<Fact> facts = new ArrayList<>();
    facts.add(Fact.named("trigger", skill.trigger()));
    facts.add(Fact.named("command", skill.command()));
    facts.add(Fact.named("exit code", skill.exitCode()));
    facts.add(Fact.named("duration", durationMs == null ? null : durationMs + " ms"));
    if (skill.truncated()) {
      facts.add(Fact.badge("truncated", Tone.WARN));
    }
    return new EventSummary(
        "Skill " + skill.skill(),
        " skill "
            + skill.skill()
            + " ("
            + skill.trigger()
            + ") without the model, "
            + (skill.exitCode() == null ? "killed" : "exit " + skill.exitCode())
            + "  $ "
            + firstLine(skill.command(), 80),
        facts,
        List.of(output == null ? "" : output),
        Show.FOLDED,
        "ran without calling the model");
  }

  static EventSummary of(EventPayload.Compaction compaction) {
    return new EventSummary(
        "Compaction",
        " compacted "
            + compaction.tokensBefore()
            + " -> "
            + compaction.tokensAfter()
            + " tokens (window "
            + compaction.contextWindow()
            + "): "
            + compaction.outputsCut()
            + " outputs cut, "
            + compaction.messagesSummarized()
            + " messages summarized",
        List.of(
            Fact.named("tokens before", compaction.tokensBefore()),
            Fact.named("tokens after", compaction.tokensAfter()),
            Fact.named("context window", compaction.contextWindow()),
            Fact.named("outputs cut", compaction.outputsCut()),
            Fact.named("messages summarized", compaction.messagesSummarized()),
            Fact.named(
                "summary message",
                compaction.summaryIndex() == null ? null : "#" + compaction.summaryIndex()),
            Fact.named("summary tokens", compaction.summaryUsage().total())),
        Show.NONE);
  }

  static EventSummary of(EventPayload.Checkpoint checkpoint) {
    String snapshot = checkpoint.snapshot() == null ? "none" : checkpoint.snapshotMode();
    return new EventSummary(
        "Checkpoint (step " + checkpoint.step() + ")",
        "step "
            + checkpoint.step()
            + ", "
            + checkpoint.messages()
            + " messages, snapshot "
            + snapshot,
        List.of(Fact.named("messages", checkpoint.messages()), Fact.named("snapshot", snapshot)),
        Show.PRE);
  }

  static EventSummary of(EventPayload.RunResumed resumed, String reason) {
    return new EventSummary(
        "Run resumed",
        resumed.checkpointId() == null
            ? "from the start"
            : "from step " + resumed.step() + " (" + resumed.checkpointId() + ")",
        List.of(
            Fact.named("from step", resumed.step()),
            Fact.named(
                "checkpoint",
                resumed.checkpointId() == null ? "none: started over" : resumed.checkpointId())),
        List.of(reason == null ? "" : reason),
        Show.NONE,
        reason == null ? null : "stopped: " + reason);
  }

  /**
   * {@code learned from 2 runs (~310 tokens, all): 01j9ab correct 0.62, ...}; the run page lists
   * the runs as links itself.
   */
  static EventSummary of(EventPayload.ExamplesRetrieved examples) {
    StringBuilder line = new StringBuilder(" ");
    if (examples.runs().isEmpty()) {
      line.append("learn: no earlier run to learn from (")
          .append(examples.scope())
          .append(examples.found() > 0 ? ", " + examples.found() + " over the budget" : "")
          .append(')');
    } else {
      line.append("learned from ")
          .append(examples.runs().size())
          .append(examples.runs().size() == 1 ? " run" : " runs")
          .append(" (~")
          .append(examples.tokens())
          .append(" tokens, ")
          .append(examples.scope())
          .append("):");
      for (int i = 0; i < examples.runs().size(); i++) {
        String run = examples.runs().get(i);
        line.append(i == 0 ? " " : ", ")
            .append(run.length() > 14 ? run.substring(0, 14) : run)
            .append(' ')
            .append(examples.labels().get(i))
            .append(' ')
            .append(String.format(java.util.Locale.ROOT, "%.2f", examples.scores().get(i)));
      }
    }
    return new EventSummary(
        examples.runs().isEmpty()
            ? "Worked examples: none found"
            : "Worked examples (" + examples.runs().size() + ")",
        line.toString(),
        List.of(
            Fact.named("scope", examples.scope()),
            Fact.named("tokens", examples.tokens()),
            Fact.named("found", examples.found())),
        Show.NONE);
  }
}
