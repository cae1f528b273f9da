package dev.distillery.runtime.loop;

import dev.distillery.runtime.process.ProcessOutcome;
import dev.distillery.runtime.process.ShellCommand;
import dev.distillery.runtime.skills.Skill;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.RunStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An input that is exactly one of a skill's triggers ({@code /test}) runs the skill's command in
 * the working directory instead of calling the model; a skill_run event records it.
 */
final class SkillTrigger {
  private SkillTrigger() {}

  static Optional<TurnResult> run(
      String input, LoopOptions options, RunRecorder recorder, Path workingDirectory) {
    Optional<Skill> matched = options.controls().skills().triggeredBy(input);
    if (matched.isEmpty()) {
      return Optional.empty();
    }
    Skill skill = matched.get();
    ProcessOutcome outcome;
    try {
      outcome =
          ShellCommand.run(
              skill.command(),
              workingDirectory,
              options.toolTimeout(),
              options.maxToolOutputBytes());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = new ProcessOutcome(null, "the skill's command was interrupted", false, false, 0);
    } catch (IOException e) {
      outcome =
          new ProcessOutcome(
              null, "the skill's command could not start: " + e.getMessage(), false, false, 0);
    }
    recorder.record(
        null,
        outcome.durationMs(),
        new EventPayload.SkillRun(
            skill.name(),
            input.strip(),
            skill.command(),
            outcome.exitCode(),
            outcome.output(),
            outcome.truncated()));
    boolean ok = outcome.exitCode() != null && outcome.exitCode() == 0;
    String how =
        outcome.timedOut()
            ? "ran past its " + options.toolTimeout().toSeconds() + "s and was killed"
            : outcome.exitCode() == null ? "did not run" : "exited " + outcome.exitCode();
    return Optional.of(
        new TurnResult(
            ok ? RunStatus.SUCCEEDED : RunStatus.FAILED,
            ok ? "skill_command" : "skill_command_failed",
            "the input matched skill " + skill.name() + "; its command " + how,
            outcome.output().stripTrailing(),
            0));
  }
}
