package dev.distillery.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Usage;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void should_price_every_call_of_a_bundled_model_and_know_its_context_window() {
    ModelCatalog catalog = ModelCatalog.bundled();

    assertEquals(
        Optional.of(0.15 + 0.60), catalog.costUsd("gpt-4o-mini", new Usage(1_000_000, 1_000_000)));
    assertEquals(OptionalInt.of(128000), catalog.contextWindow("gpt-4o-mini"));
    assertEquals(OptionalInt.of(128000), catalog.contextWindow("gpt-4o-mini-2024-07-18"));
    assertEquals(OptionalInt.of(131072), catalog.contextWindow("llama3.2:latest"));
    assertFalse(catalog.info("gemma2").nativeTools(), "gemma2 has no native tool calls");
    assertEquals(Optional.empty(), catalog.costUsd("no-such-model", new Usage(10, 10)));
    assertTrue(catalog.info("no-such-model").nativeTools());
  }

  @Test
  void should_lay_user_entries_over_the_bundled_ones_field_by_field() throws Exception {
    ModelCatalog catalog =
        ModelCatalog.bundled()
            .withEntries(
                json(
                    """
                    {"gpt-4o-mini": {"native_tools": false},
                     "my-model": {"context_window": 4096, "input_per_million": 1, "output_per_million": 3,
                                  "streaming": false}}"""),
                "distillery.json");

    ModelInfo mini = catalog.info("gpt-4o-mini");
    assertFalse(mini.nativeTools());
    assertEquals(128000, mini.contextWindow(), "fields not given keep the bundled value");
    assertEquals(new Pricing.Price(0.15, 0.60), mini.price());
    ModelInfo mine = catalog.info("my-model");
    assertEquals(4096, mine.contextWindow());
    assertFalse(mine.streaming());
    assertEquals(
        Optional.of(4.0), catalog.pricing().costUsd("my-model", new Usage(1_000_000, 1_000_000)));
  }

  @Test
  void should_prefer_a_providers_own_entry_through_that_provider_only() throws Exception {
    ModelCatalog catalog =
        ModelCatalog.bundled()
            .withEntries(
                json(
                    "{\"openrouter/gpt-4o-mini\": {\"input_per_million\": 0.2, \"output_per_million\": 0.8}}"),
                "distillery.json");

    Usage million = new Usage(1_000_000, 0);
    assertEquals(
        Optional.of(0.2), catalog.forProvider("openrouter").costUsd("gpt-4o-mini", million));
    assertEquals(Optional.of(0.15), catalog.forProvider("openai").costUsd("gpt-4o-mini", million));
    assertEquals(
        OptionalInt.of(128000),
        catalog.forProvider("openrouter").contextWindow("gpt-4o-mini"),
        "the provider's entry starts from the plain model's fields");
  }

  @Test
  void should_refuse_entries_a_user_got_wrong_with_the_place_named() throws Exception {
    ModelCatalog catalog = ModelCatalog.bundled();

    DistilleryException unknownField =
        assertThrows(
            DistilleryException.class,
            () ->
                catalog.withEntries(
                    json("{\"m\": {\"context\": 10}}"), "distillery.json (models)"));
    assertTrue(unknownField.getMessage().contains("\"context\""), unknownField.getMessage());
    assertTrue(unknownField.getMessage().contains("model \"m\""), unknownField.getMessage());
    assertThrows(
        DistilleryException.class,
        () -> catalog.withEntries(json("{\"m\": {\"context_window\": -1}}"), "x"));
    assertThrows(
        DistilleryException.class,
        () -> catalog.withEntries(json("{\"m\": {\"input_per_million\": 1}}"), "x"));
    assertThrows(
        DistilleryException.class,
        () -> catalog.withEntries(json("{\"m\": {\"streaming\": \"yes\"}}"), "x"));
    assertThrows(DistilleryException.class, () -> catalog.withEntries(json("{\"m\": 3}"), "x"));
  }

  @Test
  void should_keep_prices_given_as_a_map_working_for_the_loop() {
    Pricing pricing = new Pricing(Map.of("gpt-4o-mini", new Pricing.Price(1.0, 2.0)));

    assertEquals(
        Optional.of(3.0),
        pricing.costUsd("gpt-4o-mini-2024-07-18", new Usage(1_000_000, 1_000_000)));
    assertEquals(OptionalInt.of(128000), Pricing.bundled().catalog().contextWindow("gpt-4o"));
  }
}
