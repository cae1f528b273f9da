package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.Retry;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlStepViewTest {
  private static String render(EventPayload payload, Long durationMs) {
    return StepView.render(
        new TraceEvent("ev1", "run1", null, 3, Instant.EPOCH, durationMs, payload), 1, List.of());
  }

  @Test
  void should_show_the_retries_a_model_call_lost_on_its_response_and_on_its_error() {
    List<Retry> retries =
        List.of(
            new Retry(1, "rate_limited", 429, 2000, "slow <down>"),
            new Retry(2, "timeout", null, 800, "no answer"));
    String response =
        render(
            new EventPayload.ModelResponse(
                2, Message.assistant("ok", List.of()), "stop", Usage.ZERO, 4100, null, retries),
            4100L);
    String error =
        render(new EventPayload.Error("server_error", "down", true, retries.subList(0, 1)), 2500L);

    assertTrue(response.contains("try 1: rate_limited (HTTP 429), waited 2000 ms"), response);
    assertTrue(response.contains("try 2: timeout, waited 800 ms"), response);
    assertTrue(error.contains("try 1: rate_limited (HTTP 429), waited 2000 ms"), error);
  }

  @Test
  void should_show_a_policy_decision_with_its_rule_and_escape_it() {
    String html =
        render(
            new EventPayload.PolicyDecision(
                "c1", "bash", "deny", "bash command ~ <script>", "config", "no <b>pushes</b>"),
            null);

    assertTrue(html.contains("Policy deny bash"), html);
    assertTrue(html.contains("badge bad"), html);
    assertTrue(html.contains("bash command ~ &lt;script&gt;"), html);
    assertTrue(html.contains("no &lt;b&gt;pushes&lt;/b&gt;"), html);
    assertFalse(html.contains("<script>"), html);
  }

  @Test
  void should_show_who_answered_an_approval_and_how_long_it_waited() {
    String html =
        render(
            new EventPayload.ApprovalAnswered("c1", "bash", false, "timeout", "timeout"), 300_000L);

    assertTrue(html.contains("Refused bash"), html);
    assertTrue(html.contains("300000 ms"), html);
  }

  @Test
  void should_show_hooks_skills_and_compactions() {
    assertTrue(
        render(
                new EventPayload.HookRan(
                    "c1", "write_file", "before_tool", "./guard.sh", 2, true, "not <here>"),
                null)
            .contains("Hook before tool blocked"));
    String skill =
        render(new EventPayload.SkillRun("test", "/test", "make test", 0, "3 passed", false), 40L);
    assertTrue(skill.contains("Skill test"), skill);
    assertTrue(skill.contains("ran without calling the model"), skill);
    String compaction =
        render(
            new EventPayload.Compaction(12_000, 3_100, 16_000, 2, 7, 11, new Usage(900, 40)), null);
    assertTrue(compaction.contains("12000"), compaction);
    assertTrue(compaction.contains("3100"), compaction);
    assertTrue(compaction.contains("#11"), compaction);
  }
}
