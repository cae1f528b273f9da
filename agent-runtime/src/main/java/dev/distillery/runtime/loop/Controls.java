package dev.distillery.runtime.loop;

import dev.distillery.runtime.hooks.Hooks;
import dev.distillery.runtime.policy.Action;
import dev.distillery.runtime.policy.Approver;
import dev.distillery.runtime.policy.Policy;
import dev.distillery.runtime.prompts.Persona;
import dev.distillery.runtime.skills.Skills;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What the harness decides around the model (docs/runtime.md): the policy gate and who answers its
 * questions, the hooks around tool calls, the persona, the skills, the date in the system prompt,
 * and when compaction starts. The mode is the run's own ({@code RunSpec.mode}).
 *
 * @param date the date the system prompt states, fixed once so that every attempt of a suite sees
 *     the same prompt; null leaves the date out
 * @param compactAt the share of {@link LoopOptions#contextWindow()} a request may fill before older
 *     turns are condensed
 * @param sharedBudget limits across many runs (a suite's), or null
 */
public record Controls(
    Policy policy,
    Approver approver,
    Hooks hooks,
    Persona persona,
    Skills skills,
    LocalDate date,
    double compactAt,
    SharedBudget sharedBudget) {
  public static final double DEFAULT_COMPACT_AT = 0.8;

  /** The bundled policy with no one to ask (an ask is a no), no hooks, no skills, no date. */
  public static final Controls DEFAULT =
      new Controls(
          Policy.DEFAULT,
          Approver.unattended(Action.DENY),
          Hooks.NONE,
          Persona.productivity(),
          Skills.NONE,
          null,
          DEFAULT_COMPACT_AT,
          null);

  public Controls {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(hooks, "hooks");
    Objects.requireNonNull(persona, "persona");
    Objects.requireNonNull(skills, "skills");
    if (!(compactAt > 0 && compactAt <= 1)) {
      throw new IllegalArgumentException("compactAt must be in (0, 1]");
    }
  }

  public Controls withPolicy(Policy value) {
    return new Controls(value, approver, hooks, persona, skills, date, compactAt, sharedBudget);
  }

  public Controls withApprover(Approver value) {
    return new Controls(policy, value, hooks, persona, skills, date, compactAt, sharedBudget);
  }

  public Controls withHooks(Hooks value) {
    return new Controls(policy, approver, value, persona, skills, date, compactAt, sharedBudget);
  }

  public Controls withPersona(Persona value) {
    return new Controls(policy, approver, hooks, value, skills, date, compactAt, sharedBudget);
  }

  public Controls withSkills(Skills value) {
    return new Controls(policy, approver, hooks, persona, value, date, compactAt, sharedBudget);
  }

  public Controls withSharedBudget(SharedBudget value) {
    return new Controls(policy, approver, hooks, persona, skills, date, compactAt, value);
  }

  public Controls withDate(LocalDate value) {
    return new Controls(policy, approver, hooks, persona, skills, value, compactAt, sharedBudget);
  }
}
