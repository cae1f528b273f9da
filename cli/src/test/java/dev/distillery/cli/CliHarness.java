package dev.distillery.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the command line in this JVM with captured streams, a given stdin and environment. */
final class CliHarness {
  /** What one command line did. */
  record Result(int exitCode, String out, String err) {}

  private final Path cwd;
  private final Map<String, String> env = new HashMap<>();
  private boolean terminal;

  CliHarness(Path cwd) {
    this.cwd = cwd;
  }

  CliHarness env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Whether the command believes a person is at a terminal (approvals, prompts). */
  CliHarness terminal(boolean value) {
    terminal = value;
    return this;
  }

  Result run(String... args) {
    return runWithInput("", args);
  }

  Result runWithInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Context context =
        new Context(
            Map.copyOf(env),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            cwd,
            terminal);
    int code =
        Main.execute(
            context,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
