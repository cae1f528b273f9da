package dev.distillery.cli;

import dev.distillery.runtime.policy.Approval;
import dev.distillery.runtime.policy.ApprovalRequest;
import dev.distillery.runtime.policy.Approver;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Answers a policy {@code ask} in the browser while {@code distillery serve} holds the store: posts
 * the ask to the server, says on stderr where to answer it, then long-polls until an answer or the
 * request's deadline. No answer in time, a server that forgot the ask, or a server that is gone is
 * a no. The answer is recorded with the name the server's page answered as ({@code serve --user}).
 */
final class ServeApprover implements Approver {
  /** One long poll; the server holds it at most this long. */
  static final Duration POLL = Duration.ofSeconds(20);

  private final IngestClient client;
  private final PrintWriter err;
  private final Clock clock;

  ServeApprover(IngestClient client, PrintWriter err) {
    this(client, err, Clock.systemUTC());
  }

  ServeApprover(IngestClient client, PrintWriter err, Clock clock) {
    this.client = client;
    this.err = err;
    this.clock = clock;
  }

  @Override
  public Approval decide(ApprovalRequest request) throws InterruptedException {
    String id = request.eventId() != null ? request.eventId() : request.callId();
    long seconds = Duration.between(clock.instant(), request.deadline()).toSeconds();
    if (seconds < 1) {
      return Approval.timeout();
    }
    err.printf(
        "%n? the agent wants to run %s %s%n  policy: %s%n  answer in the browser: %s (%ds)%n",
        request.toolName(),
        request.argumentsJson(),
        request.reason(),
        client.base().resolve("runs/" + URLEncoder.encode(request.runId(), StandardCharsets.UTF_8)),
        seconds);
    err.flush();
    try {
      client.askApproval(
          id,
          request.runId(),
          request.callId(),
          request.toolName(),
          request.argumentsJson(),
          request.reason(),
          seconds);
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        long left = Duration.between(clock.instant(), request.deadline()).toSeconds();
        IngestClient.ApprovalStatus status =
            client.approval(id, Math.max(0, Math.min(left, POLL.toSeconds())));
        switch (status.status()) {
          case "answered" -> {
            Approval approval =
                new Approval(parse(status.answer()), status.answeredBy(), "browser");
            err.println(
                "  " + approval.answer().wire() + " (" + approval.answeredBy() + ", browser)");
            err.flush();
            return approval;
          }
          case "timeout" -> {
            return timedOut();
          }
          default -> {
            if (left <= 0) {
              return timedOut();
            }
          }
        }
      }
    } catch (IngestException e) {
      if (Thread.currentThread().isInterrupted()) {
        // Ctrl-C while waiting: the loop records the interrupt as a no and the run stops
        throw new InterruptedException("interrupted while waiting for an approval");
      }
      err.println("  refused: " + e.getMessage());
      err.flush();
      return new Approval(Approval.Answer.NO, "serve unavailable");
    }
  }

  private Approval timedOut() {
    err.println("  no answer in time: refused");
    err.flush();
    return Approval.timeout();
  }

  private static Approval.Answer parse(String answer) {
    return switch (answer == null ? "" : answer.toLowerCase(Locale.ROOT)) {
      case "yes" -> Approval.Answer.YES;
      case "always" -> Approval.Answer.ALWAYS;
      default -> Approval.Answer.NO;
    };
  }
}
