package dev.distillery.bench;

import dev.distillery.cli.Context;
import dev.distillery.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the command line (the bench command found on this class path) in this JVM. */
final class CliHarness {
  /** What one command line did. */
  record Result(int exitCode, String out, String err) {}

  private final Path cwd;

  CliHarness(Path cwd) {
    this.cwd = cwd;
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Context context = new Context(Map.of(), new ByteArrayInputStream(new byte[0]), cwd, false);
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
