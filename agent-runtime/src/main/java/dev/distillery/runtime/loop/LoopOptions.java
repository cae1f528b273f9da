package dev.distillery.runtime.loop;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the loop runs.
 *
 * @param maxTurns model calls allowed for one user request (default 50); reaching it ends the run
 *     {@code budget_exceeded} with outcome {@code turn_limit}
 * @param systemPrompt null for the default, which names the working directory and the tools
 * @param parameters sampling parameters sent with every model call
 * @param toolTimeout how long one tool call may run (default 120 s)
 * @param maxToolOutputBytes the cap on one tool output (default 16 KiB)
 * @param timeLimit wall-clock budget of the run, or null for none; passing it ends the run {@code
 *     budget_exceeded} with outcome {@code time_limit}
 * @param budget token and cost limits of the run
 * @param contextWindow the model's context window in tokens, or null: then requests are never
 *     compacted
 * @param controls policy, approvals, hooks, persona, skills ({@link Controls#DEFAULT} when null)
 */
public record LoopOptions(
    String model,
    int maxTurns,
    String systemPrompt,
    Map<String, Object> parameters,
    Duration toolTimeout,
    int maxToolOutputBytes,
    Duration timeLimit,
    Budget budget,
    Long contextWindow,
    Controls controls) {
  public static final int DEFAULT_MAX_TURNS = 50;

  /**
   * Limits checked before each model call; reaching one ends the run {@code budget_exceeded} with
   * outcome {@code token_limit} or {@code cost_limit}.
   *
   * @param maxTokens prompt plus completion tokens of the whole run, or null for no limit
   * @param maxCostUsd cost of the whole run in US dollars, or null; only models with known prices
   *     accrue cost
   */
  public record Budget(Long maxTokens, Double maxCostUsd) {
    public static final Budget NONE = new Budget(null, null);

    public Budget {
      if (maxTokens != null && maxTokens < 1) {
        throw new IllegalArgumentException("the token budget must be at least 1");
      }
      if (maxCostUsd != null && maxCostUsd <= 0) {
        throw new IllegalArgumentException("the cost budget must be more than 0");
      }
    }
  }

  public static final int DEFAULT_MAX_TOOL_OUTPUT_BYTES = 16 * 1024;

  public LoopOptions {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(toolTimeout, "toolTimeout");
    if (maxTurns < 1) {
      throw new IllegalArgumentException("maxTurns must be at least 1");
    }
    if (maxToolOutputBytes < 64) {
      throw new IllegalArgumentException("maxToolOutputBytes must be at least 64");
    }
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    budget = budget == null ? Budget.NONE : budget;
    controls = controls == null ? Controls.DEFAULT : controls;
    if (contextWindow != null && contextWindow < 1) {
      throw new IllegalArgumentException("the context window must be at least 1 token");
    }
  }

  /** Options without a context window or controls of their own. */
  public LoopOptions(
      String model,
      int maxTurns,
      String systemPrompt,
      Map<String, Object> parameters,
      Duration toolTimeout,
      int maxToolOutputBytes,
      Duration timeLimit,
      Budget budget) {
    this(
        model,
        maxTurns,
        systemPrompt,
        parameters,
        toolTimeout,
        maxToolOutputBytes,
        timeLimit,
        budget,
        null,
        null);
  }

  /** Options without token or cost limits. */
  public LoopOptions(
      String model,
      int maxTurns,
      String systemPrompt,
      Map<String, Object> parameters,
      Duration toolTimeout,
      int maxToolOutputBytes,
      Duration timeLimit) {
    this(
        model,
        maxTurns,
        systemPrompt,
        parameters,
        toolTimeout,
        maxToolOutputBytes,
        timeLimit,
        null);
  }

  /** Options without a time limit. */
  public LoopOptions(
      String model,
      int maxTurns,
      String systemPrompt,
      Map<String, Object> parameters,
      Duration toolTimeout,
      int maxToolOutputBytes) {
    this(model, maxTurns, systemPrompt, parameters, toolTimeout, maxToolOutputBytes, null);
  }

  public static LoopOptions defaults(String model) {
    return new LoopOptions(
        model,
        DEFAULT_MAX_TURNS,
        null,
        Map.of(),
        Duration.ofSeconds(120),
        DEFAULT_MAX_TOOL_OUTPUT_BYTES,
        null);
  }

  /** These options with a task's own turn cap and time limit, where it has them. */
  public LoopOptions forTask(Integer taskMaxTurns, Duration taskTimeLimit) {
    return new LoopOptions(
        model,
        taskMaxTurns == null ? maxTurns : taskMaxTurns,
        systemPrompt,
        parameters,
        toolTimeout,
        maxToolOutputBytes,
        taskTimeLimit == null ? timeLimit : taskTimeLimit,
        budget,
        contextWindow,
        controls);
  }

  /** These options with token and cost limits. */
  public LoopOptions withBudget(Budget limits) {
    return new LoopOptions(
        model,
        maxTurns,
        systemPrompt,
        parameters,
        toolTimeout,
        maxToolOutputBytes,
        timeLimit,
        limits,
        contextWindow,
        controls);
  }

  /** These options with the model's context window (compaction starts near it). */
  public LoopOptions withContextWindow(Long tokens) {
    return new LoopOptions(
        model,
        maxTurns,
        systemPrompt,
        parameters,
        toolTimeout,
        maxToolOutputBytes,
        timeLimit,
        budget,
        tokens,
        controls);
  }

  /** These options with their own policy, approver, hooks, persona and skills. */
  public LoopOptions withControls(Controls value) {
    return new LoopOptions(
        model,
        maxTurns,
        systemPrompt,
        parameters,
        toolTimeout,
        maxToolOutputBytes,
        timeLimit,
        budget,
        contextWindow,
        value);
  }

  public LoopOptions withMaxTurns(int turns) {
    return forTask(turns, null);
  }
}
