package dev.distillery.cli;

import dev.distillery.runtime.model.ModelCatalog;
import dev.distillery.runtime.model.openai.Providers;

/**
 * The model catalog and the providers, each the bundled one with the settings file's {@code models}
 * and {@code providers} sections laid over it (docs/models.md).
 */
record ModelSettings(ModelCatalog catalog, Providers providers) {
  static ModelSettings load(Context context) {
    ConfigFile config = ConfigFile.load(context);
    return new ModelSettings(
        ModelCatalog.bundled().withEntries(config.section("models"), config.describe("models")),
        Providers.builtIn().withEntries(config.section("providers"), config.describe("providers")));
  }
}
