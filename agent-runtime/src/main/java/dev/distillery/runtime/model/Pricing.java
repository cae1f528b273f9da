package dev.distillery.runtime.model;

import dev.distillery.trace.Usage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices per million tokens, by model name: a view of a {@link ModelCatalog}. Cost is unknown
 * (empty) for a model without a price.
 */
public final class Pricing {
  /** Input and output price in US dollars per million tokens. */
  public record Price(double inputPerMillion, double outputPerMillion) {}

  private final ModelCatalog catalog;

  /** Prices alone, without the rest of a catalog. */
  public Pricing(Map<String, Price> prices) {
    Map<String, ModelInfo> models = new LinkedHashMap<>();
    prices.forEach((name, price) -> models.put(name, new ModelInfo(name, null, price, true, true)));
    this.catalog = new ModelCatalog(models);
  }

  Pricing(ModelCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** The prices bundled with Distillery ({@code models.json}). */
  public static Pricing bundled() {
    return ModelCatalog.bundled().pricing();
  }

  /** The catalog these prices come from: context windows and the rest. */
  public ModelCatalog catalog() {
    return catalog;
  }

  /**
   * The cost of one call, or empty when the model's price is unknown. A dated snapshot ({@code
   * gpt-4o-mini-2024-07-18}) is priced as its model when only the model is listed.
   */
  public Optional<Double> costUsd(String model, Usage usage) {
    return catalog.costUsd(model, usage);
  }
}
