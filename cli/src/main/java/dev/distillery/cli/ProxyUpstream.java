package dev.distillery.cli;

import dev.distillery.capture.proxy.ProxyOptions;
import dev.distillery.runtime.model.openai.Provider;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve --upstream}: a URL, or a provider of the catalog and the settings file (whose base
 * URL it takes, and whose key variable it reads for clients that send no key), as the recording
 * proxy's options.
 */
final class ProxyUpstream {
  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)?", Pattern.CASE_INSENSITIVE);

  private ProxyUpstream() {}

  static ProxyOptions resolve(String upstream, String idle, Context context) {
    Duration idleTime = duration(idle);
    if (upstream.matches("(?i)https?://.+")) {
      return new ProxyOptions(upstream, null, null, idleTime, null);
    }
    Map<String, Provider> providers = ModelSettings.load(context).providers().all();
    Provider provider = providers.get(upstream);
    if (provider == null) {
      throw new UsageException(
          "--upstream must be a URL such as http://gpu:8000/v1 or a provider ("
              + String.join(", ", providers.keySet().stream().sorted().toList())
              + "), not \""
              + upstream
              + "\"");
    }
    String key = provider.apiKeyEnv() == null ? null : context.env().get(provider.apiKeyEnv());
    return new ProxyOptions(
        provider.baseUrl(), provider.name(), key, idleTime, provider.requestTimeout());
  }

  /** {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
  static Duration duration(String text) {
    Matcher matcher = DURATION.matcher(text.strip());
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
      throw new UsageException(
          "--proxy-idle must be a positive duration such as 90s, 5m or 1h, not \"" + text + "\"");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofSeconds(amount);
    };
  }
}
