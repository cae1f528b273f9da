package dev.distillery.runtime.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * An answer to an {@link ApprovalRequest} and who gave it.
 *
 * @param answeredBy a user name, {@code --yes}, or {@code policy}
 * @param via how a person answered: {@code terminal} or {@code browser}; null when no person did
 */
public record Approval(Answer answer, String answeredBy, String via) {
  /** y, n, always (yes, and do not ask again for this rule in this run), or no answer in time. */
  public enum Answer {
    YES,
    NO,
    ALWAYS,
    TIMEOUT;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Approval {
    Objects.requireNonNull(answer, "answer");
    answeredBy = answeredBy == null || answeredBy.isBlank() ? "unknown" : answeredBy;
  }

  /** An answer that no person gave through a channel ({@code --yes}, a policy, a failure). */
  public Approval(Answer answer, String answeredBy) {
    this(answer, answeredBy, null);
  }

  public boolean granted() {
    return answer == Answer.YES || answer == Answer.ALWAYS;
  }

  public static Approval timeout() {
    return new Approval(Answer.TIMEOUT, "timeout");
  }

  /** No one could be asked; the policy's {@code unattended} setting answered. */
  public static Approval unattended(boolean allow) {
    return new Approval(allow ? Answer.YES : Answer.NO, "policy (unattended)");
  }
}
