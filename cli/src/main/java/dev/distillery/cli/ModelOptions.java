package dev.distillery.cli;

import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.runtime.model.Pricing;
import dev.distillery.runtime.model.StreamListener;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which model a run talks to ({@link ProviderOptions}) and the loop's limits. Shared by run, chat
 * and the durable commands.
 */
final class ModelOptions {
  @Mixin ProviderOptions provider;

  @Option(
      names = "--max-turns",
      defaultValue = "50",
      description = "Stop after N model turns (default 50).")
  int maxTurns;

  @Option(
      names = "--tool-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Kill a tool call after this many seconds (default 120).")
  int toolTimeoutSeconds;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description = "Stop a run once it has used N tokens (prompt + completion).")
  Long maxTokens;

  @Option(
      names = "--max-cost",
      paramLabel = "USD",
      description = "Stop a run once it has cost this much (models with known prices).")
  Double maxCost;

  @Option(
      names = "--time-limit",
      paramLabel = "SECONDS",
      description =
          "Stop a run after this many seconds of wall time, cancelling a model call in flight"
              + " (budget_exceeded, outcome time_limit).")
  Long timeLimitSeconds;

  /** The model, whole replies only (suites, where no one watches the text). */
  ModelClient client(Context context) {
    return provider.client(context);
  }

  /** The model; with {@code live}, streamed where it can be ({@link ProviderOptions#client}). */
  ModelClient client(Context context, StreamListener live) {
    return provider.client(context, live);
  }

  String modelName(Context context) {
    return provider.modelName(context);
  }

  Pricing pricing(Context context) {
    return provider.pricing(context);
  }

  LoopOptions loopOptions(Context context) {
    return LoopOptions.builder(modelName(context))
        .maxTurns(maxTurns)
        .toolTimeout(Duration.ofSeconds(toolTimeoutSeconds))
        .timeLimit(timeLimitSeconds == null ? null : Duration.ofSeconds(timeLimitSeconds))
        .budget(budget())
        .contextWindow(provider.contextWindow(context))
        .build();
  }

  private LoopOptions.Budget budget() {
    try {
      return new LoopOptions.Budget(maxTokens, maxCost);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--max-tokens and --max-cost must be positive");
    }
  }
}
