package dev.distillery.runtime.policy;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks the person at the terminal: the tool, its arguments and the policy's reason, then {@code
 * [y]es / [n]o / [a]lways}. No answer before the deadline, or the end of the input, is a no.
 */
public final class ConsoleApprover implements Approver {
  private final Lines in;
  private final PrintWriter out;
  private final String user;
  private final Clock clock;

  public ConsoleApprover(Lines in, PrintWriter out, String user) {
    this(in, out, user, Clock.systemUTC());
  }

  ConsoleApprover(Lines in, PrintWriter out, String user, Clock clock) {
    this.in = in;
    this.out = out;
    this.user = user == null || user.isBlank() ? "user" : user;
    this.clock = clock;
  }

  @Override
  public Approval decide(ApprovalRequest request) throws InterruptedException {
    out.printf(
        "%n? %s wants to run %s %s%n  policy: %s%n",
        "the agent", request.toolName(), request.argumentsJson(), request.reason());
    while (true) {
      Duration left = Duration.between(clock.instant(), request.deadline());
      if (left.isNegative() || left.isZero()) {
        out.println("  no answer in time: refused");
        out.flush();
        return Approval.timeout();
      }
      out.print("  allow? [y]es / [n]o / [a]lways (" + left.toSeconds() + "s) ");
      out.flush();
      Optional<String> line = in.next(left);
      if (line.isEmpty()) {
        out.println();
        out.println("  no answer: refused");
        out.flush();
        return Approval.timeout();
      }
      Approval.Answer answer = parse(line.get());
      if (answer != null) {
        return new Approval(answer, user, "terminal");
      }
    }
  }

  private static Approval.Answer parse(String line) {
    return switch (line.strip().toLowerCase(Locale.ROOT)) {
      case "y", "yes" -> Approval.Answer.YES;
      case "n", "no" -> Approval.Answer.NO;
      case "a", "always" -> Approval.Answer.ALWAYS;
      default -> null;
    };
  }
}
