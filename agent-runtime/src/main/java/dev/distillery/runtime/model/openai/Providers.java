package dev.distillery.runtime.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.DistilleryException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The providers a {@code --model provider/model} can name: the built-ins, with the user's {@code
 * providers} section laid over them.
 */
public final class Providers {
  private static final List<Provider> BUILT_IN =
      List.of(
          new Provider("openai", "https://api.openai.com/v1", "OPENAI_API_KEY", true),
          new Provider("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", true),
          new Provider("groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY", true),
          new Provider("together", "https://api.together.xyz/v1", "TOGETHER_API_KEY", true),
          new Provider("ollama", "http://localhost:11434/v1", null, false),
          new Provider("vllm", "http://localhost:8000/v1", "VLLM_API_KEY", false),
          new Provider("llama.cpp", "http://localhost:8080/v1", "LLAMA_API_KEY", false),
          new Provider("lmstudio", "http://localhost:1234/v1", null, false));
  private static final Set<String> FIELDS =
      Set.of("base_url", "api_key_env", "key_required", "request_timeout_seconds");

  /** A {@code --model} value split into its provider (empty when none is named) and model. */
  public record Choice(Optional<Provider> provider, String model) {}

  private final Map<String, Provider> providers;

  private Providers(Map<String, Provider> providers) {
    this.providers = Map.copyOf(providers);
  }

  public static Providers builtIn() {
    Map<String, Provider> map = new LinkedHashMap<>();
    BUILT_IN.forEach(provider -> map.put(provider.name(), provider));
    return new Providers(map);
  }

  public Map<String, Provider> all() {
    return providers;
  }

  /**
   * {@code provider/model} when the part before the first slash names a provider; anything else
   * (such as {@code Qwen/Qwen2.5-7B-Instruct}) is a model name alone.
   */
  public Choice choose(String model) {
    int slash = model.indexOf('/');
    if (slash > 0 && slash < model.length() - 1) {
      Provider provider = providers.get(model.substring(0, slash));
      if (provider != null) {
        return new Choice(Optional.of(provider), model.substring(slash + 1));
      }
    }
    return new Choice(Optional.empty(), model);
  }

  /**
   * These providers with {@code section} laid over them: name to {@code {"base_url", "api_key_env",
   * "key_required", "request_timeout_seconds"}}; a built-in keeps what an entry does not say.
   */
  public Providers withEntries(JsonNode section, String where) {
    if (section == null || section.isNull() || section.isMissingNode()) {
      return this;
    }
    if (!section.isObject()) {
      throw new DistilleryException(where + ": the providers must be an object of names");
    }
    Map<String, Provider> merged = new LinkedHashMap<>(providers);
    for (Map.Entry<String, JsonNode> entry : section.properties()) {
      String name = entry.getKey();
      String at = where + ": provider \"" + name + "\"";
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new DistilleryException(at + ": a name is letters, digits, '.', '_' and '-'");
      }
      merged.put(name, merge(merged.get(name), name, entry.getValue(), at));
    }
    return new Providers(merged);
  }

  private static Provider merge(Provider base, String name, JsonNode entry, String at) {
    if (!entry.isObject()) {
      throw new DistilleryException(at + " must be an object");
    }
    if (entry.has("api_key") || entry.has("key")) {
      throw new DistilleryException(
          at
              + ": keys do not go in the settings; put the key in an environment variable and"
              + " name it in \"api_key_env\"");
    }
    for (Map.Entry<String, JsonNode> field : entry.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        throw new DistilleryException(
            at + " has an unknown field \"" + field.getKey() + "\" (known: " + known() + ")");
      }
    }
    String baseUrl = text(entry, "base_url", base == null ? null : base.baseUrl(), at);
    if (baseUrl == null || !baseUrl.matches("https?://.+")) {
      throw new DistilleryException(at + " needs a \"base_url\" starting with http:// or https://");
    }
    String keyEnv = text(entry, "api_key_env", base == null ? null : base.apiKeyEnv(), at);
    boolean required = base == null ? keyEnv != null : base.keyRequired();
    if (entry.has("api_key_env") && !entry.has("key_required")) {
      required = keyEnv != null;
    }
    if (entry.has("key_required")) {
      if (!entry.get("key_required").isBoolean()) {
        throw new DistilleryException(at + ": key_required must be true or false");
      }
      required = entry.get("key_required").asBoolean();
    }
    return new Provider(name, baseUrl, keyEnv, required, requestTimeout(entry, base, at));
  }

  private static Duration requestTimeout(JsonNode entry, Provider base, String at) {
    if (!entry.has("request_timeout_seconds")) {
      return base == null ? null : base.requestTimeout();
    }
    JsonNode value = entry.get("request_timeout_seconds");
    if (value.isNull()) {
      return null;
    }
    if (!value.isNumber() || value.asDouble() <= 0) {
      throw new DistilleryException(at + ": request_timeout_seconds must be a positive number");
    }
    return Duration.ofMillis((long) (value.asDouble() * 1000));
  }

  private static String text(JsonNode entry, String field, String base, String at) {
    if (!entry.has(field)) {
      return base;
    }
    JsonNode value = entry.get(field);
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new DistilleryException(at + ": " + field + " must be a string");
    }
    return value.asText();
  }

  private static String known() {
    return String.join(", ", FIELDS.stream().sorted().toList());
  }
}
