package dev.distillery.runtime.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.runtime.process.ProcessOutcome;
import dev.distillery.runtime.process.Sandbox;
import dev.distillery.runtime.process.ShellCommand;
import dev.distillery.trace.ToolSpec;
import java.time.Duration;

/**
 * {@code bash}: runs a command in the working directory, in its {@link Sandbox}, and returns its
 * output and exit code.
 */
final class BashTool implements Tool {
  private static final ToolSpec SPEC =
      new ToolSpec(
          "bash",
          "Run a bash command in the working directory. Returns its combined stdout and stderr"
              + " (long output is cut in the middle) and its exit code. Stdin is closed; commands"
              + " that run too long are killed.",
          """
          {"type":"object","properties":{"command":{"type":"string","description":"The bash command to run."}},"required":["command"]}""");

  private final Sandbox sandbox;

  BashTool(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public ToolOutput execute(JsonNode arguments, ToolContext context) throws Exception {
    String command = Arguments.requiredString(arguments, "command");
    ProcessOutcome outcome =
        ShellCommand.run(
            command,
            context.workingDirectory(),
            context.timeout(),
            context.maxOutputBytes(),
            sandbox);
    if (outcome.timedOut()) {
      return new ToolOutput(
          outcome.output()
              + (outcome.output().isEmpty() || outcome.output().endsWith("\n") ? "" : "\n")
              + "[timeout: the command ran longer than "
              + seconds(context.timeout())
              + "s and was killed, with its child processes]",
          null,
          outcome.truncated(),
          true);
    }
    return new ToolOutput(
        outcome.output(), outcome.exitCode(), outcome.truncated(), outcome.exitCode() != 0);
  }

  private static String seconds(Duration timeout) {
    long millis = timeout.toMillis();
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
  }
}
