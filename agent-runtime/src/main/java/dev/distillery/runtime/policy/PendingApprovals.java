package dev.distillery.runtime.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An approver answered from elsewhere — a web page under {@code serve}: each ask waits here as a
 * pending request, keyed by the id of its policy_decision event, until {@link #answer} is called
 * for it or its deadline passes. Safe for many runs at once. The HTTP side (listing {@link
 * #pending()}, posting an answer) belongs to the server.
 */
public final class PendingApprovals implements Approver {
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final Clock clock;

  private record Waiting(ApprovalRequest request, CompletableFuture<Approval> answer) {}

  public PendingApprovals() {
    this(Clock.systemUTC());
  }

  PendingApprovals(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Approval decide(ApprovalRequest request) throws InterruptedException {
    String key = key(request);
    Waiting entry = new Waiting(request, new CompletableFuture<>());
    waiting.put(key, entry);
    try {
      long millis = Duration.between(clock.instant(), request.deadline()).toMillis();
      return entry.answer().get(Math.max(0, millis), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Approval.timeout();
    } catch (ExecutionException e) {
      return new Approval(Approval.Answer.NO, "approver failed: " + e.getCause());
    } finally {
      waiting.remove(key);
    }
  }

  /** The requests waiting for an answer now. */
  public List<ApprovalRequest> pending() {
    return waiting.values().stream().map(Waiting::request).toList();
  }

  /**
   * Answers the request asked by this policy_decision event; false when none is waiting (it was
   * answered already, or timed out).
   */
  public boolean answer(String eventId, Approval approval) {
    Waiting entry = waiting.get(eventId);
    return entry != null && entry.answer().complete(approval);
  }

  public Optional<ApprovalRequest> pending(String eventId) {
    return Optional.ofNullable(waiting.get(eventId)).map(Waiting::request);
  }

  private static String key(ApprovalRequest request) {
    return request.eventId() != null ? request.eventId() : request.runId() + "/" + request.callId();
  }
}
