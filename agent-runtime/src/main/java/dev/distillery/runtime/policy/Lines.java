package dev.distillery.runtime.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The lines of an input stream, read by one daemon thread, so that a reader can wait for the next
 * line with a timeout (an approval) and a REPL can share the same input.
 */
public final class Lines {
  private static final String END = new String("end of input");

  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private volatile boolean ended;

  public Lines(InputStream in) {
    Thread reader = new Thread(() -> drain(in), "distillery-stdin");
    reader.setDaemon(true);
    reader.start();
  }

  private void drain(InputStream in) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        queue.add(line);
      }
    } catch (IOException ignored) {
      // a closed input is the end of the lines
    } finally {
      queue.add(END);
    }
  }

  /** The next line, or null at the end of the input. */
  public String next() throws InterruptedException {
    if (ended) {
      return null;
    }
    String line = queue.take();
    return end(line) ? null : line;
  }

  /**
   * The next line within {@code timeout}; empty when none came in time, or when the input has
   * ended.
   */
  public Optional<String> next(Duration timeout) throws InterruptedException {
    if (ended) {
      return Optional.empty();
    }
    String line = queue.poll(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    return line == null || end(line) ? Optional.empty() : Optional.of(line);
  }

  private boolean end(String line) {
    // identity, not equals: a user may type the words
    if (line == END) {
      ended = true;
      return true;
    }
    return false;
  }
}
