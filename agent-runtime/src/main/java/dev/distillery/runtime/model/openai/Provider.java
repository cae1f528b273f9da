package dev.distillery.runtime.model.openai;

import java.time.Duration;
import java.util.Objects;

/**
 * A named OpenAI-compatible endpoint: where it is, and which environment variable holds its key.
 * The key itself is never part of a provider, a config file or a trace.
 *
 * @param apiKeyEnv the variable read for the key, or null for an endpoint without keys
 * @param keyRequired whether a run refuses to start when that variable is unset
 * @param requestTimeout the longest one try of a call may take, or null for no bound but the read
 *     timeout ({@code --request-timeout} wins)
 */
public record Provider(
    String name, String baseUrl, String apiKeyEnv, boolean keyRequired, Duration requestTimeout) {
  /** A provider without a request timeout of its own. */
  public Provider(String name, String baseUrl, String apiKeyEnv, boolean keyRequired) {
    this(name, baseUrl, apiKeyEnv, keyRequired, null);
  }

  public Provider {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    apiKeyEnv = apiKeyEnv == null || apiKeyEnv.isBlank() ? null : apiKeyEnv;
    keyRequired = keyRequired && apiKeyEnv != null;
    if (requestTimeout != null && (requestTimeout.isNegative() || requestTimeout.isZero())) {
      throw new IllegalArgumentException("the request timeout must be positive");
    }
  }
}
