package dev.distillery.export.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlEventsTest {
  private static JsonNode raw(EventPayload payload) {
    return RawEvents.of(List.of(new TraceEvent("e", "r", null, 0, Instant.EPOCH, 5L, payload)))
        .get(0);
  }

  @Test
  void should_keep_every_field_of_the_harness_events_in_raw_export() {
    JsonNode decision =
        raw(new EventPayload.PolicyDecision("c1", "bash", "ask", "bash ~ sudo", "bundled", "root"));
    assertEquals("policy_decision", decision.path("kind").asText());
    assertEquals("ask", decision.path("payload").path("decision").asText());
    assertEquals("bash ~ sudo", decision.path("payload").path("rule").asText());

    JsonNode approval = raw(new EventPayload.ApprovalAnswered("c1", "bash", true, "always", "ada"));
    assertTrue(approval.path("payload").path("granted").asBoolean());
    assertEquals("ada", approval.path("payload").path("answered_by").asText());

    JsonNode hook =
        raw(new EventPayload.HookRan("c1", "bash", "after_tool", "lint", 2, true, "style"));
    assertEquals(2, hook.path("payload").path("exit_code").asInt());
    assertEquals("after_tool", hook.path("payload").path("phase").asText());

    JsonNode skill = raw(new EventPayload.SkillRun("t", "/t", "make t", 1, "boom", false));
    assertEquals("/t", skill.path("payload").path("trigger").asText());
    assertEquals("boom", skill.path("payload").path("output").asText());

    JsonNode compaction =
        raw(new EventPayload.Compaction(9000, 2000, 10000, 1, 6, 14, new Usage(800, 50)));
    assertEquals(9000, compaction.path("payload").path("tokens_before").asLong());
    assertEquals(2000, compaction.path("payload").path("tokens_after").asLong());
    assertEquals(14, compaction.path("payload").path("summary_index").asInt());
    assertEquals(800, compaction.path("payload").path("summary_prompt_tokens").asLong());
  }
}
