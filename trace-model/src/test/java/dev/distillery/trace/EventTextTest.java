package dev.distillery.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTextTest {
  @Test
  void should_give_the_text_a_reader_unfolds_when_the_kind_has_one() {
    RunSpec spec = RunSpec.adHoc("Fix it", "m", "p", "agent", "/w");
    assertEquals("Fix it", EventText.of(new EventPayload.RunStarted(spec)));
    assertEquals(
        "out", EventText.of(new EventPayload.ToolResult("c", "bash", "out", 0, false, false)));
    assertEquals("{}", EventText.of(new EventPayload.ToolCalled("c", "bash", "{}")));
    assertEquals(
        "checked",
        EventText.of(
            new EventPayload.CheckFinished(
                new CheckResult(CheckStatus.PASS, "true", 0, "checked", 1))));
    assertEquals("boom", EventText.of(new EventPayload.Error("server", "boom", true)));
    assertEquals(
        "risky",
        EventText.of(new EventPayload.PolicyDecision("c", "bash", "deny", "r", "config", "risky")));
    assertEquals(
        "ann", EventText.of(new EventPayload.ApprovalAnswered("c", "bash", true, "yes", "ann")));
    assertEquals(
        "said",
        EventText.of(new EventPayload.HookRan("c", "bash", "before_tool", "h", 0, false, "said")));
    assertEquals(
        "made", EventText.of(new EventPayload.SkillRun("s", "/s", "make", 0, "made", false)));
    assertEquals("/snap", EventText.of(new EventPayload.Checkpoint(1, 2, "/snap", "copy")));
    assertEquals("killed", EventText.of(new EventPayload.RunResumed("cp", 1, null, "killed")));
    assertEquals(
        "done",
        EventText.of(
            new EventPayload.RunFinished(
                RunStatus.SUCCEEDED, "answered", "done", 1, null, null, null)));
    assertEquals(
        "hi",
        EventText.of(
            new EventPayload.ModelResponse(
                0, Message.assistant("hi", List.of()), "stop", null, 1, null)));
  }

  @Test
  void should_give_no_text_when_the_kind_has_none() {
    assertNull(EventText.of(new EventPayload.StateChanged("a", "b")));
    assertNull(
        EventText.of(new EventPayload.ModelRequest(0, List.of(), List.of(), List.of(), null)));
    assertNull(EventText.of(new EventPayload.Compaction(2, 1, 4, 1, 0, null, null)));
  }
}
