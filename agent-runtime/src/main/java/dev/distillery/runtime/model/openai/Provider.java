package dev.distillery.runtime.model.openai;

import java.util.Objects;

/**
 * A named OpenAI-compatible endpoint: where it is, and which environment variable holds its key.
 * The key itself is never part of a provider, a config file or a trace.
 *
 * @param apiKeyEnv the variable read for the key, or null for an endpoint without keys
 * @param keyRequired whether a run refuses to start when that variable is unset
 */
public record Provider(String name, String baseUrl, String apiKeyEnv, boolean keyRequired) {
  public Provider {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    apiKeyEnv = apiKeyEnv == null || apiKeyEnv.isBlank() ? null : apiKeyEnv;
    keyRequired = keyRequired && apiKeyEnv != null;
  }
}
