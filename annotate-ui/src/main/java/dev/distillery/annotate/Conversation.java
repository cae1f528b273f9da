package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.EventSummary;
import dev.distillery.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A run's steps as an annotator reads them: the conversation first (the task, each model turn, each
 * tool call with its result right under it, errors and refusals, the check), and the machinery —
 * state changes, requests sent, checkpoints, allowed calls, hooks that let a call through — folded
 * into one line per model turn that opens on demand. Each step is {@link StepView}'s, unchanged.
 */
final class Conversation {
  private Conversation() {}

  /**
   * Whether an event is machinery: how the harness got there rather than what was said or done. A
   * decision that stopped something (a denied call, a refused approval, a blocking hook) is not.
   */
  static boolean machinery(TraceEvent event) {
    return switch (event.kind()) {
      case RUN_STARTED, MODEL_RESPONSE, TOOL_CALL, TOOL_RESULT, CHECK_RESULT, ERROR, SKILL_RUN ->
          false;
      case STATE_CHANGED,
          MODEL_REQUEST,
          RUN_FINISHED,
          COMPACTION,
          CHECKPOINT,
          RUN_RESUMED,
          EXAMPLES_RETRIEVED ->
          true;
      case POLICY_DECISION, APPROVAL, HOOK_RESULT -> !stopped(event);
    };
  }

  /** A decision whose summary carries a bad badge: deny, refused, blocked. */
  private static boolean stopped(TraceEvent event) {
    return EventSummary.of(event, 0).facts().stream()
        .anyMatch(fact -> fact.tone() == EventSummary.Tone.BAD);
  }

  /**
   * The timeline's items: steps of the conversation, and after each model turn's steps one folded
   * line with its machinery.
   */
  static String render(List<TraceEvent> events, List<Annotation> annotations) {
    List<Timeline.Step> steps = Timeline.steps(events, annotations, -1);
    Set<String> flagged =
        annotations.stream()
            .map(Annotation::eventId)
            .filter(id -> id != null)
            .collect(Collectors.toSet());
    StringBuilder out = new StringBuilder();
    int start = 0;
    for (int i = 1; i <= events.size(); i++) {
      if (i == events.size() || events.get(i).kind() == EventKind.MODEL_RESPONSE) {
        out.append(turn(events.subList(start, i), steps.subList(start, i), flagged));
        start = i;
      }
    }
    return out.toString();
  }

  /** One model turn (or what came before the first): its conversation, then its machinery. */
  private static String turn(
      List<TraceEvent> events, List<Timeline.Step> steps, Set<String> flagged) {
    StringBuilder said = new StringBuilder();
    List<Integer> machinery = new ArrayList<>();
    Set<Integer> placed = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      TraceEvent event = events.get(i);
      if (steps.get(i).machinery()) {
        machinery.add(i);
      } else if (!placed.contains(i)) {
        said.append(steps.get(i).html());
        if (event.payload() instanceof EventPayload.ToolCalled call) {
          // the call's results right under it, ahead of the decisions recorded between them
          for (int j = i + 1; j < events.size(); j++) {
            if (events.get(j).payload() instanceof EventPayload.ToolResult result
                && call.callId().equals(result.callId())
                && !placed.contains(j)) {
              said.append(steps.get(j).html());
              placed.add(j);
            }
          }
        }
      }
    }
    return said + folded(events, steps, machinery, flagged);
  }

  /** The machinery as one line naming its steps ({@code EventSummary} titles), opened on demand. */
  private static String folded(
      List<TraceEvent> events,
      List<Timeline.Step> steps,
      List<Integer> machinery,
      Set<String> flagged) {
    if (machinery.isEmpty()) {
      return "";
    }
    Map<String, Integer> titles = new LinkedHashMap<>();
    long flags = 0;
    StringBuilder inside = new StringBuilder();
    for (int i : machinery) {
      TraceEvent event = events.get(i);
      titles.merge(EventSummary.of(event, 0).title().split(" \\(turn ")[0], 1, Integer::sum);
      flags += flagged.contains(event.id()) ? 1 : 0;
      inside.append(steps.get(i).html());
    }
    String names =
        titles.entrySet().stream()
            .map(e -> e.getKey() + (e.getValue() > 1 ? " ×" + e.getValue() : ""))
            .collect(Collectors.joining(", "));
    int count = machinery.size();
    return "<li class=\"machinery\"><details><summary>"
        + count
        + (count == 1 ? " machinery event: " : " machinery events: ")
        + esc(names)
        + (flags == 0 ? "" : " <span class=\"flagged\">⚑ " + flags + " flagged</span>")
        + "</summary><ol>"
        + inside
        + "</ol></details></li>";
  }
}
