package dev.distillery.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The product's version, written in the pom alone: Maven fills it into {@code version.properties}.
 * Printed without {@code -SNAPSHOT}, as the release it will be ({@code distillery 0.1.0}).
 */
final class Version implements IVersionProvider {
  /** The version number, such as {@code 0.1.0}. */
  static String number() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("no version.properties beside " + Version.class);
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version").replace("-SNAPSHOT", "");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"distillery " + number()};
  }
}
