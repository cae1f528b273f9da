package dev.distillery.runtime.policy;

/**
 * Answers the policy's {@code ask}: a person at a terminal, a browser page under {@code serve},
 * {@code --yes}, or a rule for unattended runs. {@link #decide} blocks until an answer or the
 * request's deadline; the loop treats a late answer, an exception or an interrupt as a no. The
 * request's {@code eventId} is the committed policy_decision event that asked, so an approver that
 * watches the trace (the browser) can show the pending call before anyone answers.
 */
public interface Approver {
  /**
   * Nobody can be asked (no terminal, a suite): the policy's {@code unattended} setting answers,
   * deny unless it says allow.
   */
  static Approver unattended(Action unattended) {
    boolean allow = unattended == Action.ALLOW;
    return request -> Approval.unattended(allow);
  }

  /** {@code --yes}: every ask is granted. */
  Approver YES = request -> new Approval(Approval.Answer.YES, "--yes");

  Approval decide(ApprovalRequest request) throws InterruptedException;
}
