package dev.distillery.runtime.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the catalog knows of one model.
 *
 * @param name the model's name as sent to the provider
 * @param contextWindow tokens the model can read in one call, or null when unknown
 * @param price input and output price per million tokens, or null when unknown (no cost is
 *     computed)
 * @param nativeTools whether the provider takes tools as structured specs; when false the tools are
 *     described in the prompt and calls are read from the reply's text (docs/models.md)
 * @param streaming whether to ask for the reply as server-sent events
 */
public record ModelInfo(
    String name,
    Integer contextWindow,
    Pricing.Price price,
    boolean nativeTools,
    boolean streaming) {
  public ModelInfo {
    Objects.requireNonNull(name, "name");
    if (contextWindow != null && contextWindow < 1) {
      throw new IllegalArgumentException("a context window must be at least 1 token");
    }
  }

  /** A model the catalog does not list: no price, no known window, native tools, streaming. */
  public static ModelInfo unknown(String name) {
    return new ModelInfo(name, null, null, true, true);
  }

  public OptionalInt contextWindowTokens() {
    return contextWindow == null ? OptionalInt.empty() : OptionalInt.of(contextWindow);
  }

  ModelInfo named(String other) {
    return new ModelInfo(other, contextWindow, price, nativeTools, streaming);
  }
}
