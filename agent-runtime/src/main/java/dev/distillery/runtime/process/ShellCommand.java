package dev.distillery.runtime.process;

import dev.distillery.trace.KnownSecrets;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bash -c COMMAND} in a directory: stdin closed, stdout and stderr merged and capped,
 * the whole process tree killed when it runs past its timeout or the caller is interrupted. The
 * child environment has no variables that look like credentials, so an agent cannot print
 * Distillery's own API key into a trace; but without a {@link Sandbox} the command runs as the user
 * and can read what the user can, the JVM's {@code /proc/PID/environ} included (that is why every
 * recorded text is also scrubbed of the process's known secrets: {@code KnownSecrets}).
 */
public final class ShellCommand {
  private ShellCommand() {}

  public static ProcessOutcome run(String command, Path directory, Duration timeout, int maxBytes)
      throws IOException, InterruptedException {
    return run(command, directory, timeout, maxBytes, Sandbox.NONE);
  }

  /** As {@link #run(String, Path, Duration, int)}, in {@code sandbox}. */
  public static ProcessOutcome run(
      String command, Path directory, Duration timeout, int maxBytes, Sandbox sandbox)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(sandbox.command(command, directory))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(KnownSecrets::isCredentialName);
    long start = System.nanoTime();
    Process process = builder.start();
    CappedOutput output = new CappedOutput(maxBytes);
    Thread reader = new Thread(() -> drain(process.getInputStream(), output), "shell-output");
    reader.setDaemon(true);
    reader.start();
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    if (!finished) {
      killTree(process);
    }
    // background children may hold the pipe open: do not wait for them for long
    reader.join(2_000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new ProcessOutcome(
        finished ? process.exitValue() : null,
        output.text(),
        !finished,
        output.truncated(),
        millis);
  }

  private static void drain(InputStream in, CappedOutput output) {
    byte[] buffer = new byte[8192];
    try (in) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        output.write(buffer, read);
      }
    } catch (IOException ignored) {
      // the process was killed and its pipe closed: what was read is kept
    }
  }

  private static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
