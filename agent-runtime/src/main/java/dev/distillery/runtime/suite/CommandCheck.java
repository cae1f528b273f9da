package dev.distillery.runtime.suite;

import dev.distillery.runtime.loop.Grader;
import dev.distillery.runtime.process.ProcessOutcome;
import dev.distillery.runtime.process.Sandbox;
import dev.distillery.runtime.process.ShellCommand;
import dev.distillery.trace.CheckResult;
import dev.distillery.trace.CheckStatus;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A task's check: a shell command run in the workspace after the agent stopped. Exit 0 passes, any
 * other exit fails; a check that cannot start or runs past its time is an error. No command: the
 * result says so ({@code no_check}).
 */
public final class CommandCheck implements Grader {
  static final Duration TIMEOUT = Duration.ofMinutes(5);
  static final int MAX_OUTPUT_BYTES = 8 * 1024;

  private final String command;
  private final Sandbox sandbox;

  public CommandCheck(String command) {
    this(command, Sandbox.NONE);
  }

  /** A check that runs in {@code sandbox}: it often runs code the agent wrote. */
  public CommandCheck(String command, Sandbox sandbox) {
    this.command = command;
    this.sandbox = sandbox;
  }

  @Override
  public CheckResult check(Path workingDirectory) {
    if (command == null) {
      return CheckResult.noCheck();
    }
    long start = System.nanoTime();
    try {
      ProcessOutcome outcome =
          ShellCommand.run(command, workingDirectory, TIMEOUT, MAX_OUTPUT_BYTES, sandbox);
      if (outcome.timedOut()) {
        return new CheckResult(
            CheckStatus.ERROR,
            command,
            null,
            outcome.output() + "\n[the check ran longer than " + TIMEOUT.toSeconds() + "s]",
            outcome.durationMs());
      }
      CheckStatus status = outcome.exitCode() == 0 ? CheckStatus.PASS : CheckStatus.FAIL;
      return new CheckResult(
          status, command, outcome.exitCode(), outcome.output(), outcome.durationMs());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(start, "the check was interrupted");
    } catch (Exception e) {
      return error(start, "the check could not run: " + e.getMessage());
    }
  }

  private CheckResult error(long start, String message) {
    return new CheckResult(
        CheckStatus.ERROR, command, null, message, (System.nanoTime() - start) / 1_000_000);
  }
}
