package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.model.ModelCatalog;
import dev.distillery.runtime.model.ModelInfo;
import dev.distillery.runtime.model.openai.Provider;
import dev.distillery.runtime.model.openai.Providers;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code distillery models}: the model catalog (bundled, with the settings file's {@code models}
 * laid over it) and the providers, so a person can see what {@code -m} takes.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "List the models and providers that -m takes.",
      "Each model with its context window, prices (US dollars per million tokens) and how it calls"
          + " tools: the bundled catalog with distillery.json's models and providers laid over it"
          + " (docs/models.md)."
    })
final class ModelsCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;

  @Option(
      names = "--provider",
      paramLabel = "NAME",
      description = "The catalog as seen through this provider, as -m NAME/MODEL prices it.")
  String provider;

  @Option(names = "--providers", description = "List the providers instead of the models.")
  boolean providers;

  @Option(names = "--json", description = "One JSON object per model (or provider), one a line.")
  boolean json;

  /** One model as {@code -m option} reaches it; {@code provider} is null for any endpoint. */
  record Row(String option, String provider, String model, ModelInfo info) {}

  @Override
  public Integer call() {
    ModelSettings settings = ModelSettings.load(root.context);
    PrintWriter out = spec.commandLine().getOut();
    if (providers) {
      printProviders(settings.providers().all().values(), out);
    } else {
      List<Row> rows = rows(settings);
      if (json) {
        rows.forEach(row -> out.println(toJson(row)));
      } else {
        table(rows).print(out);
        out.println();
        hint(settings.providers(), out);
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  private List<Row> rows(ModelSettings settings) {
    Providers known = settings.providers();
    List<Row> rows = new ArrayList<>();
    if (provider == null) {
      settings
          .catalog()
          .models()
          .forEach(
              (key, info) -> {
                Providers.Choice choice = known.choose(key);
                String through = choice.provider().map(Provider::name).orElse(null);
                rows.add(new Row(key, through, choice.model(), info));
              });
    } else {
      if (!known.all().containsKey(provider)) {
        throw new UsageException(
            "--provider " + provider + ": no such provider (known: " + names(known) + ")");
      }
      ModelCatalog view = settings.catalog().forProvider(provider);
      view.models()
          .forEach(
              (key, info) -> {
                if (known.choose(key).provider().isEmpty()) {
                  rows.add(new Row(provider + "/" + key, provider, key, info));
                }
              });
    }
    rows.sort(
        Comparator.comparing((Row row) -> row.provider() == null ? "" : row.provider())
            .thenComparing(row -> row.option().toLowerCase(Locale.ROOT)));
    return rows;
  }

  private static TextTable table(List<Row> rows) {
    TextTable table =
        new TextTable(
            List.of("MODEL (-m)", "PROVIDER", "CONTEXT", "INPUT $/1M", "OUTPUT $/1M", "TOOLS"), 60);
    for (Row row : rows) {
      ModelInfo info = row.info();
      table.row(
          List.of(
              row.option(),
              row.provider() == null ? "any" : row.provider(),
              info.contextWindow() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%,d", info.contextWindow()),
              info.price() == null ? "-" : price(info.price().inputPerMillion()),
              info.price() == null ? "-" : price(info.price().outputPerMillion()),
              info.nativeTools() ? "native" : "text"));
    }
    return table;
  }

  private static void hint(Providers known, PrintWriter out) {
    out.println("-m MODEL sends MODEL to --base-url, else $OPENAI_BASE_URL, else a local Ollama.");
    out.println("-m PROVIDER/MODEL sends MODEL to a provider: " + names(known) + ".");
    out.println("A model not listed works too, without a known price or context window.");
    out.println(
        "`distillery models --providers` lists the providers; distillery.json adds models and"
            + " providers (docs/models.md).");
  }

  private void printProviders(Iterable<Provider> all, PrintWriter out) {
    List<Provider> sorted = new ArrayList<>();
    all.forEach(sorted::add);
    sorted.sort(Comparator.comparing(Provider::name));
    if (json) {
      for (Provider each : sorted) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", each.name());
        node.put("base_url", each.baseUrl());
        node.put("api_key_env", each.apiKeyEnv());
        node.put("key_required", each.keyRequired());
        out.println(node);
      }
      return;
    }
    TextTable table = new TextTable(List.of("PROVIDER", "BASE URL", "KEY FROM", "KEY"), 60);
    for (Provider each : sorted) {
      table.row(
          List.of(
              each.name(),
              each.baseUrl(),
              each.apiKeyEnv() == null ? "-" : "$" + each.apiKeyEnv(),
              each.keyRequired() ? "required" : "optional"));
    }
    table.print(out);
  }

  static ObjectNode toJson(Row row) {
    ModelInfo info = row.info();
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("model_option", row.option());
    node.put("provider", row.provider());
    node.put("model", row.model());
    node.put("context_window", info.contextWindow());
    node.put("input_per_million", info.price() == null ? null : info.price().inputPerMillion());
    node.put("output_per_million", info.price() == null ? null : info.price().outputPerMillion());
    node.put("native_tools", info.nativeTools());
    node.put("streaming", info.streaming());
    return node;
  }

  /** "0.15", "2.50", "0.075": two decimals, three when the third is not zero. */
  static String price(double usd) {
    String three = String.format(Locale.ROOT, "%.3f", usd);
    return three.endsWith("0") ? three.substring(0, three.length() - 1) : three;
  }

  private static String names(Providers known) {
    return String.join(", ", known.all().keySet().stream().sorted().toList());
  }
}
