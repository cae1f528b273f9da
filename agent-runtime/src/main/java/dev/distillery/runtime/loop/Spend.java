package dev.distillery.runtime.loop;

import dev.distillery.runtime.model.Pricing;
import dev.distillery.trace.Usage;
import java.util.Locale;
import java.util.Optional;

/**
 * What a run has used — model turns, tokens, cost — charged once per model call (the shared budget
 * too), and the run's token and cost limits checked against it.
 */
final class Spend {
  private final Pricing pricing;
  private final String model;
  private final LoopOptions.Budget budget;
  private final SharedBudget shared;
  private int turns;
  private Usage usage = Usage.ZERO;
  private Double costUsd;

  Spend(Pricing pricing, LoopOptions options) {
    this.pricing = pricing;
    this.model = options.model();
    this.budget = options.budget();
    this.shared = options.controls().sharedBudget();
  }

  void restore(History history) {
    turns = history.turns();
    usage = history.usage();
    costUsd = history.costUsd();
  }

  /** Charges one call's tokens to the run and the shared budget; returns its cost, when known. */
  Double charge(Usage used) {
    Double cost = pricing.costUsd(model, used).orElse(null);
    usage = usage.plus(used);
    if (shared != null) {
      shared.charge(used, cost);
    }
    if (cost != null) {
      costUsd = costUsd == null ? cost : costUsd + cost;
    }
    return cost;
  }

  /** Counts a model response. */
  void turn() {
    turns++;
  }

  int turns() {
    return turns;
  }

  Usage usage() {
    return usage;
  }

  Double costUsd() {
    return costUsd;
  }

  /** The limit reached — the shared budget's, then the run's tokens, then its cost — if any. */
  Optional<SharedBudget.Exceeded> exceeded() {
    Optional<SharedBudget.Exceeded> spent = shared == null ? Optional.empty() : shared.exceeded();
    if (spent.isPresent()) {
      return spent;
    }
    if (budget.maxTokens() != null && usage.total() >= budget.maxTokens()) {
      return Optional.of(
          new SharedBudget.Exceeded(
              "token_limit",
              "the run used " + usage.total() + " tokens, its budget is " + budget.maxTokens()));
    }
    if (budget.maxCostUsd() != null && costUsd != null && costUsd >= budget.maxCostUsd()) {
      return Optional.of(
          new SharedBudget.Exceeded(
              "cost_limit",
              String.format(
                  Locale.ROOT,
                  "the run cost $%.4f, its budget is $%.4f",
                  costUsd,
                  budget.maxCostUsd())));
    }
    return Optional.empty();
  }
}
