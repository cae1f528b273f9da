package dev.distillery.runtime.policy;

import java.util.Objects;

/**
 * The policy's decision on one call.
 *
 * @param rule the rule that decided, or null when none matched (the call is allowed)
 */
public record Verdict(Action action, PolicyRule rule, String reason) {
  public Verdict {
    Objects.requireNonNull(action, "action");
  }

  static Verdict allowed() {
    return new Verdict(Action.ALLOW, null, "no rule matched");
  }
}
