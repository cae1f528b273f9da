package dev.distillery.trace;

import java.time.Instant;
import java.util.Objects;

/**
 * Which finished runs may teach a new one, as worked examples: runs whose effective label is
 * correct (the people's label where there is one and they agree, else a passing check), most
 * similar to the new run's task first, the same task's runs before others.
 *
 * @param taskPrompt the new run's request
 * @param taskId its suite task, or null for an ad-hoc prompt (then "the same task" is the same
 *     prompt)
 * @param scope which tasks' runs may be examples
 * @param withIncorrect whether runs labelled incorrect come too, as what not to do
 * @param limit how many at most
 * @param endedBefore only runs that ended before this (a round's start), or null for any
 */
public record ExampleQuery(
    String taskPrompt,
    String taskId,
    Scope scope,
    boolean withIncorrect,
    int limit,
    Instant endedBefore) {
  /** Which tasks' runs may be examples for a task. */
  public enum Scope {
    /** Only the same task's (or, ad hoc, the same prompt's) runs. */
    SAME_TASK,
    /** Only other tasks' runs: a fair measure of what carries over, without the task's answer. */
    OTHER_TASKS,
    /** Both, the same task's first. */
    ALL;

    private static final WireNames<Scope> NAMES = new WireNames<>(Scope.class);

    /** As users write it: {@code same-task}, {@code other-tasks}, {@code all}. */
    public String wire() {
      return NAMES.wire(this).replace('_', '-');
    }

    public static Scope fromWire(String value) {
      return NAMES.fromWire(value.replace('-', '_'));
    }
  }

  public ExampleQuery {
    Objects.requireNonNull(taskPrompt, "taskPrompt");
    Objects.requireNonNull(scope, "scope");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
  }
}
