package dev.distillery.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.runtime.Json;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Models by name: context window, price, native tool support, streaming. The bundled {@code
 * models.json} is the base; {@link #withEntries} lays the user's {@code models} section over it,
 * field by field. A key {@code provider/model} applies only through that provider ({@link
 * #forProvider}). A dated snapshot ({@code gpt-4o-mini-2024-07-18}) and an Ollama {@code :latest}
 * tag find their model when only the model is listed.
 */
public final class ModelCatalog {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final Pattern SNAPSHOT = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");
  private static volatile ModelCatalog bundled;

  private final Map<String, ModelInfo> models;

  public ModelCatalog(Map<String, ModelInfo> models) {
    this.models = Map.copyOf(models);
  }

  /** The catalog bundled with Distillery ({@code models.json}). */
  public static ModelCatalog bundled() {
    ModelCatalog catalog = bundled;
    if (catalog == null) {
      catalog = bundled = readBundled();
    }
    return catalog;
  }

  private static ModelCatalog readBundled() {
    try (InputStream in = ModelCatalog.class.getResourceAsStream("models.json")) {
      if (in == null) {
        throw new DistilleryException("models.json is missing from this build");
      }
      return new ModelCatalog(Map.of())
          .withEntries(JSON.readTree(in).path("models"), "models.json");
    } catch (IOException e) {
      throw new DistilleryException("cannot read the bundled model catalog: " + e.getMessage(), e);
    }
  }

  /**
   * This catalog with {@code section} laid over it: an object of model name to entry, each field
   * optional and replacing only itself. {@code where} names the source in error messages.
   *
   * @throws DistilleryException for an entry that is not an object, an unknown field, or a value of
   *     the wrong type
   */
  public ModelCatalog withEntries(JsonNode section, String where) {
    if (section == null || section.isNull() || section.isMissingNode()) {
      return this;
    }
    if (!section.isObject()) {
      throw new DistilleryException(where + ": the models must be an object of model names");
    }
    Map<String, ModelInfo> merged = new LinkedHashMap<>(models);
    for (Map.Entry<String, JsonNode> entry : section.properties()) {
      String name = entry.getKey();
      ModelInfo base = merged.containsKey(name) ? merged.get(name) : baseFor(name, merged);
      merged.put(
          name, CatalogEntry.merge(base, entry.getValue(), where + ": model \"" + name + "\""));
    }
    return new ModelCatalog(merged);
  }

  /** A new {@code provider/model} entry starts from the plain model's entry, when there is one. */
  private static ModelInfo baseFor(String name, Map<String, ModelInfo> known) {
    int slash = name.indexOf('/');
    ModelInfo plain = slash < 0 ? null : known.get(name.substring(slash + 1));
    return plain == null ? ModelInfo.unknown(name) : plain.named(name);
  }

  /** The catalog as seen through one provider: its {@code provider/model} entries win. */
  public ModelCatalog forProvider(String provider) {
    if (provider == null) {
      return this;
    }
    String prefix = provider + "/";
    Map<String, ModelInfo> view = new LinkedHashMap<>(models);
    models.forEach(
        (key, info) -> {
          if (key.startsWith(prefix) && key.length() > prefix.length()) {
            String model = key.substring(prefix.length());
            view.put(model, info.named(model));
          }
        });
    return new ModelCatalog(view);
  }

  /** The entry for a model, also under its snapshot-less or tag-less name. */
  public Optional<ModelInfo> find(String model) {
    if (model == null) {
      return Optional.empty();
    }
    ModelInfo info = models.get(model);
    if (info == null && SNAPSHOT.matcher(model).find()) {
      info = models.get(SNAPSHOT.matcher(model).replaceFirst(""));
    }
    if (info == null && model.endsWith(":latest")) {
      info = models.get(model.substring(0, model.length() - ":latest".length()));
    }
    return Optional.ofNullable(info);
  }

  /** The entry for a model, or the defaults for one the catalog does not list. */
  public ModelInfo info(String model) {
    return find(model).orElseGet(() -> ModelInfo.unknown(model));
  }

  /** How many tokens the model reads in one call, when known: what compaction measures against. */
  public OptionalInt contextWindow(String model) {
    return find(model).map(ModelInfo::contextWindowTokens).orElse(OptionalInt.empty());
  }

  /** The cost of one call in US dollars, or empty when the model's price is unknown. */
  public Optional<Double> costUsd(String model, Usage usage) {
    return find(model)
        .map(ModelInfo::price)
        .map(
            price ->
                (usage.promptTokens() * price.inputPerMillion()
                        + usage.completionTokens() * price.outputPerMillion())
                    / 1_000_000.0);
  }

  /** The prices of this catalog, as the loop takes them. */
  public Pricing pricing() {
    return new Pricing(this);
  }

  /** Every entry by its key (including {@code provider/model} keys). */
  public Map<String, ModelInfo> models() {
    return models;
  }
}
