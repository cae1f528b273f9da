package dev.distillery.runtime.loop;

import static dev.distillery.trace.EventKind.APPROVAL;
import static dev.distillery.trace.EventKind.POLICY_DECISION;
import static dev.distillery.trace.EventKind.TOOL_CALL;
import static dev.distillery.trace.EventKind.TOOL_RESULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.runtime.policy.Action;
import dev.distillery.runtime.policy.Approval;
import dev.distillery.runtime.policy.ApprovalRequest;
import dev.distillery.runtime.policy.Approver;
import dev.distillery.runtime.policy.Policy;
import dev.distillery.runtime.policy.PolicyRule;
import dev.distillery.runtime.policy.ToolPattern;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunStatus;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyGateTest {
  @TempDir Path work;

  private static final String RM_THEN_ANSWER =
      """
      [ {"tool_calls": [{"name": "bash", "arguments": {"command": "rm -rf build && echo gone"}}]},
        {"content": "done"} ]""";

  /** Answers every request with one answer and remembers what it was asked. */
  private static final class FixedApprover implements Approver {
    final List<ApprovalRequest> asked = new ArrayList<>();
    final Approval.Answer answer;

    FixedApprover(Approval.Answer answer) {
      this.answer = answer;
    }

    @Override
    public Approval decide(ApprovalRequest request) {
      asked.add(request);
      return new Approval(answer, "ada");
    }
  }

  @Test
  void should_send_a_denied_call_back_to_the_model_as_a_policy_error_and_not_run_it()
      throws Exception {
    LoopFixture fixture = new LoopFixture(work);
    RunResult result =
        fixture.run(
            """
            [ {"tool_calls": [{"name": "write_file", "arguments": {"path": "../escape.txt", "content": "x"}}]},
              {"content": "I may not write there."} ]""",
            Controls.DEFAULT,
            "write outside");

    assertEquals(RunStatus.SUCCEEDED, result.status());
    assertFalse(Files.exists(work.resolveSibling("escape.txt")));
    String seen = fixture.toolMessagesSeenLast().get(0);
    assertTrue(seen.startsWith("error: policy denied this call"), seen);
    assertTrue(seen.contains("outside the workspace"), seen);
    EventPayload.PolicyDecision decision =
        fixture.sink.payloads(EventPayload.PolicyDecision.class).get(0);
    assertEquals("deny", decision.decision());
    assertEquals("bundled", decision.source());
    assertTrue(decision.rule().startsWith("write_file path ~ "), decision.rule());
    EventPayload.ToolResult recorded = fixture.sink.payloads(EventPayload.ToolResult.class).get(0);
    assertTrue(recorded.isError());
    assertEquals(seen, recorded.output(), "the trace holds what the model saw");
  }

  @Test
  void should_record_an_allow_decision_for_an_ordinary_call() {
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(
        """
        [ {"tool_calls": [{"name": "bash", "arguments": {"command": "echo hi"}}]}, {"content": "ok"} ]""",
        Controls.DEFAULT,
        "say hi");

    EventPayload.PolicyDecision decision =
        fixture.sink.payloads(EventPayload.PolicyDecision.class).get(0);
    assertEquals("allow", decision.decision());
    assertNull(decision.rule());
    assertEquals("hi\n", fixture.toolMessagesSeenLast().get(0));
  }

  @Test
  void should_run_an_asked_call_when_approved_and_record_who_approved() throws Exception {
    Files.createDirectories(work.resolve("build"));
    FixedApprover approver = new FixedApprover(Approval.Answer.YES);
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(RM_THEN_ANSWER, Controls.DEFAULT.withApprover(approver), "clean");

    assertFalse(Files.exists(work.resolve("build")), "the approved command ran");
    assertEquals(1, approver.asked.size());
    ApprovalRequest request = approver.asked.get(0);
    assertEquals("bash", request.toolName());
    assertTrue(request.reason().contains("rm -rf"), request.reason());
    assertEquals(List.of(TOOL_CALL, POLICY_DECISION, APPROVAL, TOOL_RESULT), toolKinds(fixture));
    TraceEvent asked = event(fixture, POLICY_DECISION);
    assertEquals(asked.id(), request.eventId(), "the approver can find the pending call");
    assertEquals("ask", ((EventPayload.PolicyDecision) asked.payload()).decision());
    TraceEvent answered = event(fixture, APPROVAL);
    assertEquals(asked.id(), answered.parentId());
    EventPayload.ApprovalAnswered approval = (EventPayload.ApprovalAnswered) answered.payload();
    assertTrue(approval.granted());
    assertEquals("yes", approval.answer());
    assertEquals("ada", approval.answeredBy());
    assertEquals("gone\n", fixture.toolMessagesSeenLast().get(0));
  }

  @Test
  void should_not_run_a_refused_call_and_tell_the_model_who_refused() throws Exception {
    Files.createDirectories(work.resolve("build"));
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(
        RM_THEN_ANSWER,
        Controls.DEFAULT.withApprover(new FixedApprover(Approval.Answer.NO)),
        "clean");

    assertTrue(Files.exists(work.resolve("build")), "the refused command did not run");
    EventPayload.ApprovalAnswered approval =
        fixture.sink.payloads(EventPayload.ApprovalAnswered.class).get(0);
    assertFalse(approval.granted());
    assertEquals("no", approval.answer());
    String seen = fixture.toolMessagesSeenLast().get(0);
    assertTrue(seen.contains("refused by ada"), seen);
  }

  @Test
  void should_deny_an_ask_without_a_terminal_unless_the_policy_allows_it() throws Exception {
    Files.createDirectories(work.resolve("build"));
    LoopFixture denied = new LoopFixture(work);
    denied.run(RM_THEN_ANSWER, Controls.DEFAULT, "clean");
    assertTrue(Files.exists(work.resolve("build")));
    EventPayload.ApprovalAnswered answer =
        denied.sink.payloads(EventPayload.ApprovalAnswered.class).get(0);
    assertEquals("policy (unattended)", answer.answeredBy());
    assertFalse(answer.granted());

    LoopFixture yes = new LoopFixture(work);
    yes.run(RM_THEN_ANSWER, Controls.DEFAULT.withApprover(Approver.YES), "clean");
    assertFalse(Files.exists(work.resolve("build")), "--yes grants the ask");
    assertEquals(
        "--yes", yes.sink.payloads(EventPayload.ApprovalAnswered.class).get(0).answeredBy());
  }

  @Test
  void should_treat_an_approver_that_answers_after_the_deadline_as_a_refusal() throws Exception {
    Files.createDirectories(work.resolve("build"));
    Approver late =
        request -> {
          // waits past a deadline that is only a millisecond away: the answer comes too late
          while (!java.time.Instant.now().isAfter(request.deadline())) {
            Thread.sleep(5);
          }
          return new Approval(Approval.Answer.YES, "ada");
        };
    Controls controls =
        Controls.DEFAULT
            .withPolicy(Policy.DEFAULT.withApprovalTimeout(java.time.Duration.ofMillis(1)))
            .withApprover(late);
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(RM_THEN_ANSWER, controls, "clean");

    assertTrue(Files.exists(work.resolve("build")));
    EventPayload.ApprovalAnswered approval =
        fixture.sink.payloads(EventPayload.ApprovalAnswered.class).get(0);
    assertEquals("timeout", approval.answer());
    assertFalse(approval.granted());
    assertTrue(fixture.toolMessagesSeenLast().get(0).contains("no approval came in time"));
  }

  @Test
  void should_not_ask_again_for_a_rule_answered_always() {
    FixedApprover approver = new FixedApprover(Approval.Answer.ALWAYS);
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(
        """
        [ {"tool_calls": [{"name": "bash", "arguments": {"command": "sudo true || echo one"}}]},
          {"tool_calls": [{"name": "bash", "arguments": {"command": "sudo true || echo two"}}]},
          {"content": "done"} ]""",
        Controls.DEFAULT.withApprover(approver),
        "twice");

    assertEquals(1, approver.asked.size());
    List<EventPayload.PolicyDecision> decisions =
        fixture.sink.payloads(EventPayload.PolicyDecision.class);
    assertEquals("ask", decisions.get(0).decision());
    assertEquals("allow", decisions.get(1).decision());
    assertEquals("approved", decisions.get(1).source());
  }

  @Test
  void should_let_a_config_rule_come_before_the_bundled_ones() {
    Policy policy =
        Policy.DEFAULT.withRulesFirst(
            List.of(
                new PolicyRule(
                    new ToolPattern("bash"),
                    "command",
                    Pattern.compile("^echo "),
                    Action.DENY,
                    "no echoes here",
                    "config")));
    LoopFixture fixture = new LoopFixture(work);
    fixture.run(
        """
        [ {"tool_calls": [{"name": "bash", "arguments": {"command": "echo hi"}}]}, {"content": "ok"} ]""",
        Controls.DEFAULT.withPolicy(policy),
        "say hi");

    assertEquals(
        "error: policy denied this call: no echoes here", fixture.toolMessagesSeenLast().get(0));
  }

  private static List<EventKind> toolKinds(LoopFixture fixture) {
    return fixture.sink.kinds(false).stream()
        .filter(
            kind ->
                kind == TOOL_CALL
                    || kind == POLICY_DECISION
                    || kind == APPROVAL
                    || kind == TOOL_RESULT)
        .toList();
  }

  private static TraceEvent event(LoopFixture fixture, EventKind kind) {
    return fixture.sink.events.stream().filter(e -> e.kind() == kind).findFirst().orElseThrow();
  }
}
