package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.TraceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The run page's conversation and labels as HTML, without a browser (see RunPageBrowserTest). */
class ConversationTest {
  private static final Pattern ITEM =
      Pattern.compile("<li class=\"(machinery)\">|<li class=\"step [^\"]*\" id=\"step-(\\d+)\"");

  @Test
  void should_fold_routine_machinery_and_keep_denials_refusals_and_blocking_hooks_in_view() {
    assertTrue(machinery(new EventPayload.StateChanged("a", "b")));
    assertTrue(machinery(new EventPayload.Checkpoint(1, 2, null, "off")));
    assertTrue(machinery(new EventPayload.PolicyDecision("c", "bash", "allow", null, null, null)));
    assertTrue(machinery(new EventPayload.HookRan("c", "bash", "before_tool", "h", 0, false, "")));
    assertFalse(machinery(new EventPayload.PolicyDecision("c", "bash", "deny", "r", "s", "no")));
    assertFalse(machinery(new EventPayload.ApprovalAnswered("c", "bash", false, "no", "ann", "t")));
    assertFalse(machinery(new EventPayload.HookRan("c", "bash", "before_tool", "h", 1, true, "")));
    assertFalse(machinery(new EventPayload.Error("timeout", "slow", true)));
  }

  @Test
  void should_show_each_result_under_its_call_and_one_folded_line_per_turn_when_a_run_has_two() {
    List<TraceEvent> events = twoTurns("Let me look.", "a\nb");

    String html = Conversation.render(events, List.of());

    List<String> items = new ArrayList<>();
    Matcher item = ITEM.matcher(html);
    while (item.find()) {
      items.add(item.group(1) != null ? "fold" : item.group(2));
    }
    // the first 10 items; the folded steps follow each line inside it
    assertEquals(
        List.of("0", "fold", "1", "2", "3", "4", "6", "9", "14", "fold"), items.subList(0, 10));
    assertTrue(
        html.contains("<summary>3 machinery events: state ×2, Model request</summary>"), html);
    assertTrue(html.contains("4 machinery events: state ×2, Checkpoint (step 2), Run finished"));
    assertEquals(3, html.split("<li class=\"machinery\">", -1).length - 1);
  }

  @Test
  void should_name_a_flagged_step_on_its_folded_line() {
    List<TraceEvent> events = twoTurns("Let me look.", "a\nb");
    Annotation flag =
        new Annotation(
            "a1",
            "r",
            events.get(11).id(),
            "ann",
            null,
            List.of("wrong step"),
            null,
            Instant.EPOCH);

    String html = Conversation.render(events, List.of(flag));

    assertTrue(html.contains("<span class=\"flagged\">⚑ 1 flagged</span>"), html);
  }

  @Test
  void should_show_a_judge_apart_and_escaped_when_people_and_a_judge_labelled_the_run() {
    List<TraceEvent> events = twoTurns("Let me look.", "a\nb");
    String xss = "<script>alert(1)</script>";
    Annotation person = annotation(null, "alice", "correct", null, 1);
    Annotation judge = annotation(null, "judge:m<b>", "incorrect", "ignored " + xss, 2);
    Annotation step = annotation(events.get(9).id(), "judge:m<b>", "incorrect", null, 2);
    List<Annotation> history = List.of(person, judge, step);

    String html =
        LabelsView.render(
            new Labels.RunLabels(history, Labels.latest(history)), events, List.of("looped"));

    String people = html.substring(html.indexOf("id=\"latest-labels\""), html.indexOf("</ul>"));
    String judges = html.substring(html.indexOf("id=\"judge-labels\""));
    assertTrue(people.contains("alice"), people);
    assertFalse(people.contains("judge:"), people);
    assertTrue(judges.contains("<b>judge:m&lt;b&gt;</b>: <span class=\"label\">incorrect"), judges);
    assertTrue(judges.contains("ignored &lt;script&gt;alert(1)&lt;/script&gt;"), judges);
    assertTrue(judges.contains("href=\"#step-9\" data-seq=\"9\">at step #9 Tool result shell"));
    assertFalse(html.contains("<script>"), html);
  }

  private static boolean machinery(EventPayload payload) {
    return Conversation.machinery(new TraceEvent("e", "r", null, 1, Instant.EPOCH, null, payload));
  }

  private static Annotation annotation(
      String eventId, String author, String label, String comment, int second) {
    return new Annotation(
        "a" + author + second + eventId,
        "r",
        eventId,
        author,
        label,
        List.of(),
        comment,
        Instant.EPOCH.plusSeconds(second));
  }

  private static List<TraceEvent> twoTurns(String text, String output) {
    List<TraceEvent> events = new ArrayList<>();
    TwoTurnRun.record(events::add, "r", 1, text, output);
    return events;
  }
}
