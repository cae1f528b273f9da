package dev.distillery.capture.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the recording proxy sends requests, and how it groups them into runs.
 *
 * @param upstream the upstream's base URL, as clients name it ({@code https://api.openai.com/v1}):
 *     {@code /v1/chat/completions} goes to {@code upstream + /chat/completions}
 * @param provider the name runs record as their provider (a catalog provider, else the upstream's
 *     host and port)
 * @param apiKey sent as {@code Authorization: Bearer} when a client sends no Authorization of its
 *     own, or null; never recorded, never logged
 * @param idle how long a conversation may go without a request before its run ends
 * @param timeout how long the upstream may stay silent (before its answer, or between two chunks of
 *     a stream) before the request is given up as a timeout
 */
public record ProxyOptions(
    String upstream, String provider, String apiKey, Duration idle, Duration timeout) {
  public static final Duration DEFAULT_IDLE = Duration.ofMinutes(5);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public ProxyOptions {
    Objects.requireNonNull(upstream, "upstream");
    if (!upstream.matches("(?i)https?://[^/?#]+.*")) {
      throw new IllegalArgumentException(
          "the upstream must be an http:// or https:// URL, not \"" + upstream + "\"");
    }
    while (upstream.endsWith("/")) {
      upstream = upstream.substring(0, upstream.length() - 1);
    }
    if (provider == null || provider.isBlank()) {
      URI uri = URI.create(upstream);
      provider = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
    apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    idle = idle == null ? DEFAULT_IDLE : idle;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (idle.isNegative() || idle.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the idle time and the timeout must be positive");
    }
  }

  /** An upstream with the default idle time and timeout. */
  public ProxyOptions(String upstream, String provider, String apiKey) {
    this(upstream, provider, apiKey, null, null);
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "ProxyOptions[upstream="
        + upstream
        + ", provider="
        + provider
        + ", apiKey="
        + (apiKey == null ? "none" : "(set)")
        + ", idle="
        + idle
        + ", timeout="
        + timeout
        + "]";
  }
}
