package dev.distillery.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.policy.Approval;
import dev.distillery.runtime.policy.ApprovalRequest;
import dev.distillery.runtime.policy.PendingApprovals;
import dev.distillery.trace.EventPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingApprovalsTest {
  @TempDir Path work;

  @Test
  void should_hold_the_call_until_another_thread_answers_the_pending_request() throws Exception {
    Files.createDirectories(work.resolve("build"));
    PendingApprovals approvals = new PendingApprovals();
    LoopFixture fixture = new LoopFixture(work);
    CompletableFuture<RunResult> run =
        CompletableFuture.supplyAsync(
            () ->
                fixture.run(
                    """
                    [ {"tool_calls": [{"name": "bash", "arguments": {"command": "rm -rf build"}}]},
                      {"content": "done"} ]""",
                    Controls.DEFAULT.withApprover(approvals),
                    "clean"));

    ApprovalRequest waiting = null;
    while (waiting == null) {
      // polls for the run to reach the ask, as a page polling the server would
      Thread.sleep(10);
      waiting = approvals.pending().stream().findFirst().orElse(null);
    }
    String decisionId;
    synchronized (fixture.sink) {
      decisionId =
          fixture.sink.events.stream()
              .filter(e -> e.payload() instanceof EventPayload.PolicyDecision)
              .findFirst()
              .orElseThrow()
              .id();
    }
    assertEquals(decisionId, waiting.eventId(), "the pending call is already in the trace");
    assertTrue(Files.exists(work.resolve("build")), "nothing ran before the answer");
    assertTrue(approvals.answer(waiting.eventId(), new Approval(Approval.Answer.YES, "ada@web")));

    run.get(30, TimeUnit.SECONDS);
    assertFalse(Files.exists(work.resolve("build")));
    assertTrue(approvals.pending().isEmpty());
    assertFalse(approvals.answer(waiting.eventId(), new Approval(Approval.Answer.NO, "late")));
    assertEquals(
        "ada@web", fixture.sink.payloads(EventPayload.ApprovalAnswered.class).get(0).answeredBy());
  }
}
