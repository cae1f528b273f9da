package dev.distillery.runtime.loop;

import dev.distillery.runtime.learn.Learner;
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
 * @param learner worked examples from earlier runs, put in a new run's system prompt, or null
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
    Controls controls,
    Learner learner) {
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

  /** Options with the defaults: 50 turns, 120 s per tool call, 16 KiB per tool output. */
  public static LoopOptions defaults(String model) {
    return builder(model).build();
  }

  /** A builder that starts from the defaults. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    return new Builder(model)
        .maxTurns(maxTurns)
        .systemPrompt(systemPrompt)
        .parameters(parameters)
        .toolTimeout(toolTimeout)
        .maxToolOutputBytes(maxToolOutputBytes)
        .timeLimit(timeLimit)
        .budget(budget)
        .contextWindow(contextWindow)
        .controls(controls)
        .learner(learner);
  }

  /** These options with a task's own turn cap and time limit, where it has them. */
  public LoopOptions forTask(Integer taskMaxTurns, Duration taskTimeLimit) {
    return toBuilder()
        .maxTurns(taskMaxTurns == null ? maxTurns : taskMaxTurns)
        .timeLimit(taskTimeLimit == null ? timeLimit : taskTimeLimit)
        .build();
  }

  /** Loop options field by field; {@link #build} checks them. */
  public static final class Builder {
    private final String model;
    private int maxTurns = DEFAULT_MAX_TURNS;
    private String systemPrompt;
    private Map<String, Object> parameters = Map.of();
    private Duration toolTimeout = Duration.ofSeconds(120);
    private int maxToolOutputBytes = DEFAULT_MAX_TOOL_OUTPUT_BYTES;
    private Duration timeLimit;
    private Budget budget;
    private Long contextWindow;
    private Controls controls;
    private Learner learner;

    private Builder(String model) {
      this.model = model;
    }

    public Builder maxTurns(int value) {
      maxTurns = value;
      return this;
    }

    public Builder systemPrompt(String value) {
      systemPrompt = value;
      return this;
    }

    public Builder parameters(Map<String, Object> value) {
      parameters = value;
      return this;
    }

    public Builder toolTimeout(Duration value) {
      toolTimeout = value;
      return this;
    }

    public Builder maxToolOutputBytes(int value) {
      maxToolOutputBytes = value;
      return this;
    }

    public Builder timeLimit(Duration value) {
      timeLimit = value;
      return this;
    }

    public Builder budget(Budget value) {
      budget = value;
      return this;
    }

    public Builder contextWindow(Long value) {
      contextWindow = value;
      return this;
    }

    public Builder controls(Controls value) {
      controls = value;
      return this;
    }

    /** Worked examples from earlier runs before the first turn ({@code --learn}); null for none. */
    public Builder learner(Learner value) {
      learner = value;
      return this;
    }

    public LoopOptions build() {
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
          controls,
          learner);
    }
  }
}
