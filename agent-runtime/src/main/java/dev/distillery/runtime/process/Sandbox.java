package dev.distillery.runtime.process;

import dev.distillery.trace.DistilleryException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the agent's commands run. {@link #NONE}: as the user, anywhere the user can reach (the
 * policy only reads the command's text). Under bubblewrap ({@code bwrap}): the root file system
 * read-only, only the working directory and a private {@code /tmp} writable, its own PID namespace
 * with a fresh {@code /proc} (the JVM and its environment are not visible), no network unless
 * {@code network}, killed with its parent.
 *
 * @param bwrap the bubblewrap executable, or null for no sandbox
 * @param network whether sandboxed commands may use the network
 */
public record Sandbox(Path bwrap, boolean network) {
  public static final Sandbox NONE = new Sandbox(null, true);

  public boolean enabled() {
    return bwrap != null;
  }

  /**
   * The bubblewrap sandbox, with {@code bwrap} found on {@code path} (a {@code PATH} value) and
   * tried once; a user-facing {@link DistilleryException} when it is missing or cannot start here.
   */
  public static Sandbox bubblewrap(String path, boolean network) {
    Path bwrap =
        find(path)
            .orElseThrow(
                () ->
                    new DistilleryException(
                        "--sandbox needs bubblewrap (bwrap) on the PATH; install it"
                            + " (Debian/Ubuntu: apt-get install bubblewrap) or run without"
                            + " --sandbox"));
    Sandbox sandbox = new Sandbox(bwrap, network);
    sandbox.tryOnce();
    return sandbox;
  }

  static Optional<Path> find(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "bwrap");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /** The command line that runs {@code bash -c command} in {@code directory}, sandboxed or not. */
  List<String> command(String command, Path directory) throws IOException {
    List<String> line = new ArrayList<>();
    if (enabled()) {
      String work = directory.toRealPath().toString();
      line.addAll(
          List.of(
              bwrap.toString(),
              "--ro-bind",
              "/",
              "/",
              "--dev",
              "/dev",
              "--proc",
              "/proc",
              "--tmpfs",
              "/tmp",
              "--bind",
              work,
              work,
              "--unshare-pid",
              "--unshare-ipc",
              "--new-session",
              "--die-with-parent",
              "--chdir",
              work));
      if (!network) {
        line.add("--unshare-net");
      }
    }
    line.addAll(List.of("bash", "-c", command));
    return line;
  }

  /** Runs {@code true} in the sandbox, so that a bwrap that cannot work here says so at start. */
  private void tryOnce() {
    try {
      Path dir = Files.createTempDirectory("distillery-sandbox");
      try {
        Process process =
            new ProcessBuilder(command("true", dir))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new DistilleryException("--sandbox: bwrap did not start within 10 s");
        }
        if (process.exitValue() != 0) {
          throw new DistilleryException(
              "--sandbox: bwrap cannot run here: " + said.strip().lines().findFirst().orElse(""));
        }
      } finally {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new DistilleryException("--sandbox: bwrap cannot run here: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DistilleryException("--sandbox: interrupted while trying bwrap", e);
    }
  }
}
