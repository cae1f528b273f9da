package dev.distillery.runtime.model.openai;

import dev.distillery.trace.KnownSecrets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where an OpenAI-compatible endpoint is and how patiently to call it. The key is never shown:
 * {@link #toString} masks it.
 *
 * @param readTimeout the longest wait for the next bytes of an answer
 * @param requestTimeout the longest a try may take in all (connecting, sending, the whole answer,
 *     streamed or not), or null for no bound but the read timeout; a try past it counts as a
 *     timeout and is tried again like one
 */
public record OpenAiConfig(
    String baseUrl,
    String apiKey,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    String keyEnv,
    Duration requestTimeout) {
  public static final String DEFAULT_BASE_URL = "http://localhost:11434/v1";

  /** A config without a bound on a whole try. */
  public OpenAiConfig(
      String baseUrl,
      String apiKey,
      Duration connectTimeout,
      Duration readTimeout,
      int maxRetries,
      Duration initialBackoff,
      Duration maxBackoff,
      String keyEnv) {
    this(
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        keyEnv,
        null);
  }

  /** A config whose key, when it has one, came from {@code OPENAI_API_KEY} or {@code --api-key}. */
  public OpenAiConfig(
      String baseUrl,
      String apiKey,
      Duration connectTimeout,
      Duration readTimeout,
      int maxRetries,
      Duration initialBackoff,
      Duration maxBackoff) {
    this(
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        "OPENAI_API_KEY");
  }

  /** Where a user should look when the key is refused: the variable, or the flag. */
  public String keySource() {
    return (keyEnv == null ? "" : "$" + keyEnv + " or ") + "--api-key";
  }

  public OpenAiConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    // whatever this process authenticates with is never recorded (a tool could print it)
    KnownSecrets.process().add("api_key", apiKey);
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries cannot be negative");
    }
    if (requestTimeout != null && (requestTimeout.isNegative() || requestTimeout.isZero())) {
      throw new IllegalArgumentException("the request timeout must be positive");
    }
  }

  /** Flags first, then {@code OPENAI_BASE_URL} / {@code OPENAI_API_KEY}, then a local Ollama. */
  public static OpenAiConfig fromEnvironment(
      Map<String, String> env, String baseUrlFlag, String apiKeyFlag) {
    String baseUrl = firstNonBlank(baseUrlFlag, env.get("OPENAI_BASE_URL"), DEFAULT_BASE_URL);
    String apiKey = firstNonBlank(apiKeyFlag, env.get("OPENAI_API_KEY"), null);
    return defaults(baseUrl, apiKey, "OPENAI_API_KEY");
  }

  /**
   * The usual timeouts and retries for an endpoint; {@code keyEnv} names where the key came from.
   */
  public static OpenAiConfig defaults(String baseUrl, String apiKey, String keyEnv) {
    return new OpenAiConfig(
        baseUrl,
        apiKey,
        Duration.ofSeconds(10),
        Duration.ofSeconds(300),
        4,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        keyEnv);
  }

  public OpenAiConfig withRetries(int retries, Duration initial, Duration max) {
    return new OpenAiConfig(
        baseUrl,
        apiKey,
        connectTimeout,
        readTimeout,
        retries,
        initial,
        max,
        keyEnv,
        requestTimeout);
  }

  public OpenAiConfig withReadTimeout(Duration timeout) {
    return new OpenAiConfig(
        baseUrl,
        apiKey,
        connectTimeout,
        timeout,
        maxRetries,
        initialBackoff,
        maxBackoff,
        keyEnv,
        requestTimeout);
  }

  /**
   * This config, giving up a try that has not finished within {@code timeout} (null: no such
   * bound); the read timeout is never longer than it.
   */
  public OpenAiConfig withRequestTimeout(Duration timeout) {
    Duration read = timeout != null && timeout.compareTo(readTimeout) < 0 ? timeout : readTimeout;
    return new OpenAiConfig(
        baseUrl,
        apiKey,
        connectTimeout,
        read,
        maxRetries,
        initialBackoff,
        maxBackoff,
        keyEnv,
        timeout);
  }

  @Override
  public String toString() {
    return "OpenAiConfig[baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + ", readTimeout="
        + readTimeout
        + (requestTimeout == null ? "" : ", requestTimeout=" + requestTimeout)
        + ", maxRetries="
        + maxRetries
        + "]";
  }

  private static String firstNonBlank(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    if (b != null && !b.isBlank()) {
      return b;
    }
    return fallback;
  }
}
