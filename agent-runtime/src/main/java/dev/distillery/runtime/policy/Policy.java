package dev.distillery.runtime.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules every tool call passes before it runs. The first rule that matches decides; a call no
 * rule matches is allowed. The user's rules come before the bundled ones, so a user can loosen or
 * tighten any default.
 *
 * @param rules in the order they are tried
 * @param unattended what an {@code ask} becomes when no one can be asked: {@link Action#DENY} (the
 *     default) or {@link Action#ALLOW}
 * @param approvalTimeout how long an approval may take; no answer in time is a no
 */
public record Policy(List<PolicyRule> rules, Action unattended, Duration approvalTimeout) {
  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(5);

  /** The bundled rules alone. */
  public static final Policy DEFAULT =
      new Policy(bundledRules(), Action.DENY, DEFAULT_APPROVAL_TIMEOUT);

  /** No rules: every call is allowed (tests, and users who opt out). */
  public static final Policy ALLOW_ALL =
      new Policy(List.of(), Action.DENY, DEFAULT_APPROVAL_TIMEOUT);

  public Policy {
    rules = List.copyOf(rules);
    Objects.requireNonNull(unattended, "unattended");
    if (unattended == Action.ASK) {
      throw new IllegalArgumentException("unattended must be allow or deny");
    }
    Objects.requireNonNull(approvalTimeout, "approvalTimeout");
  }

  public Verdict evaluate(String toolName, JsonNode arguments) {
    for (PolicyRule rule : rules) {
      if (rule.matches(toolName, arguments)) {
        return new Verdict(rule.action(), rule, rule.reason());
      }
    }
    return Verdict.allowed();
  }

  /** These rules with {@code first} tried before them. */
  public Policy withRulesFirst(List<PolicyRule> first) {
    List<PolicyRule> all = new ArrayList<>(first);
    all.addAll(rules);
    return new Policy(all, unattended, approvalTimeout);
  }

  public Policy withUnattended(Action action) {
    return new Policy(rules, action, approvalTimeout);
  }

  public Policy withApprovalTimeout(Duration timeout) {
    return new Policy(rules, unattended, timeout);
  }

  /**
   * Ask before a recursive forced delete, a download piped into a shell, or sudo; deny writes
   * outside the working directory (a file tool's absolute or {@code ..} path, a shell redirect to
   * an absolute, home or parent path other than /dev/null).
   */
  public static List<PolicyRule> bundledRules() {
    return List.of(
        bundled(
            "write_file",
            "path",
            "^\\s*(/|~)|(^|/)\\.\\.(/|$)",
            Action.DENY,
            "writes outside the workspace are not allowed"),
        bundled(
            "bash",
            "command",
            "(>>?|\\btee\\s+(-a\\s+)?)\\s*(/(?!dev/null\\b)|~|\\.\\./)",
            Action.DENY,
            "writes outside the workspace are not allowed"),
        bundled(
            "bash",
            "command",
            "\\brm\\s+(-\\w*([rR]\\w*f|f\\w*[rR])\\w*|(-[rR]\\s+-f|-f\\s+-[rR])|--recursive\\s+--force|--force\\s+--recursive)\\b",
            Action.ASK,
            "rm -rf deletes without asking"),
        bundled(
            "bash",
            "command",
            "\\b(curl|wget)\\b[^|;&]*\\|\\s*(sudo\\s+)?(ba|z|da|k)?sh\\b",
            Action.ASK,
            "pipes a download into a shell"),
        bundled("bash", "command", "\\bsudo\\b", Action.ASK, "runs a command as root"));
  }

  private static PolicyRule bundled(
      String tool, String argument, String regex, Action action, String reason) {
    return new PolicyRule(
        new ToolPattern(tool), argument, Pattern.compile(regex), action, reason, "bundled");
  }
}
