package dev.distillery.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may know of the world it runs in, passed in so tests can give their own.
 *
 * @param terminal whether stdout/stderr are a terminal (progress bars, colours)
 */
public record Context(Map<String, String> env, InputStream in, Path cwd, boolean terminal) {
  static Context system() {
    return new Context(
        System.getenv(), System.in, Path.of("").toAbsolutePath(), System.console() != null);
  }
}
