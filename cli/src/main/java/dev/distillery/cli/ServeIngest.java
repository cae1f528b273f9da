package dev.distillery.cli;

import dev.distillery.trace.TraceSink;
import java.net.URI;
import java.time.Duration;

/**
 * The sink a process records through while {@code distillery serve} holds the store, for code
 * outside this package that drives runners itself ({@code distillery bench scale}'s HTTP runners).
 */
public final class ServeIngest {
  private ServeIngest() {}

  /**
   * A sink that posts each event to {@code base}'s {@code /api/ingest} and returns once the server
   * has committed it.
   *
   * @param token the server's token, or null when it has none
   */
  public static TraceSink client(URI base, String token, Duration timeout) {
    return new IngestClient(base, token, timeout);
  }
}
