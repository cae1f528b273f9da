package dev.distillery.runtime.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleApproverTest {
  private final StringWriter screen = new StringWriter();

  private Approval ask(Lines lines, Duration within) throws InterruptedException {
    ConsoleApprover approver = new ConsoleApprover(lines, new PrintWriter(screen), "ada");
    return approver.decide(
        new ApprovalRequest(
            "run1",
            "ev1",
            "call_1",
            "bash",
            "{\"command\":\"sudo ls\"}",
            "runs a command as root",
            Instant.now().plus(within)));
  }

  private static Lines typed(String text) {
    return new Lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void should_show_the_call_and_reason_and_take_yes_no_or_always() throws Exception {
    assertEquals(
        new Approval(Approval.Answer.YES, "ada", "terminal"),
        ask(typed("y\n"), Duration.ofMinutes(1)));
    assertTrue(screen.toString().contains("bash {\"command\":\"sudo ls\"}"), screen.toString());
    assertTrue(screen.toString().contains("policy: runs a command as root"), screen.toString());
    assertEquals(Approval.Answer.NO, ask(typed("no\n"), Duration.ofMinutes(1)).answer());
    assertEquals(Approval.Answer.ALWAYS, ask(typed(" A \n"), Duration.ofMinutes(1)).answer());
  }

  @Test
  void should_ask_again_after_an_answer_it_does_not_understand() throws Exception {
    Approval approval = ask(typed("maybe\nn\n"), Duration.ofMinutes(1));

    assertEquals(Approval.Answer.NO, approval.answer());
    assertEquals(2, screen.toString().split("allow\\?", -1).length - 1, screen.toString());
  }

  @Test
  void should_refuse_when_the_input_ends_or_no_answer_comes_in_time() throws Exception {
    assertEquals(Approval.Answer.TIMEOUT, ask(typed(""), Duration.ofMinutes(1)).answer());
    try (PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard)) {
      // nobody types: the short deadline passes
      Approval silent = ask(new Lines(in), Duration.ofMillis(50));
      assertEquals(Approval.timeout(), silent);
      assertTrue(screen.toString().contains("refused"), screen.toString());
    }
  }
}
