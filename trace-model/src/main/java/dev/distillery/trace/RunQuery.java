package dev.distillery.trace;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which runs to stream whole ({@link TraceRepository#traces}), how much of each, in which order.
 * Null fields do not filter. A store turns it into its own queries; {@link #matches} and {@link
 * Order#comparator} say what they must select and how they must sort.
 *
 * @param where a predicate over the runs table that a person wrote ({@code export --where}), handed
 *     to a SQL store as it is; a repository without SQL refuses it. Null for none
 * @param suiteRunId only the runs of this suite run
 * @param taskId only the attempts at this task
 * @param model only the runs of this model
 * @param since only runs started at or after this instant
 * @param content whose events and messages to read; null for every run's
 */
public record RunQuery(
    String where,
    String suiteRunId,
    String taskId,
    String model,
    Instant since,
    Content content,
    Reading reading,
    Order order) {
  public RunQuery {
    where = where == null || where.isBlank() ? null : where;
    Objects.requireNonNull(reading, "reading");
    Objects.requireNonNull(order, "order");
  }

  /** Every run, every event, in {@link Order#TASK_KEY}. */
  public static RunQuery all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .where(where)
        .suiteRunId(suiteRunId)
        .taskId(taskId)
        .model(model)
        .since(since)
        .content(content)
        .reading(reading)
        .order(order);
  }

  /** Whether the run passes the typed filters (not {@link #where}, which only SQL can answer). */
  public boolean matches(Run run) {
    return (suiteRunId == null || suiteRunId.equals(run.spec().suiteRunId()))
        && (taskId == null || taskId.equals(run.spec().taskId()))
        && (model == null || model.equals(run.spec().model()))
        && (since == null || !run.startedAt().isBefore(since));
  }

  /** How much of each run to read. */
  public enum Reading {
    /** Every event. */
    EVERY_EVENT,
    /**
     * The conversation only: the message log and the run's last model request and last model
     * response, all a chat dataset row needs; {@link RunTrace#events} may then hold those two
     * alone. A repository may read more.
     */
    CONVERSATION
  }

  /** The order the runs come in; ties never happen (the run id breaks them). */
  public enum Order {
    /**
     * The attempts at each task and prompt one after another, by {@link TaskKey#withPrompt}, then
     * start time, then id ({@link TaskKey#ORDER}).
     */
    TASK_KEY(TaskKey.ORDER),
    /** Oldest first, by start time, then id. */
    STARTED(Comparator.comparing(Run::startedAt).thenComparing(Run::id));

    private final Comparator<Run> comparator;

    Order(Comparator<Run> comparator) {
      this.comparator = comparator;
    }

    public Comparator<Run> comparator() {
      return comparator;
    }
  }

  /**
   * The runs whose events and messages are read: those a person labelled {@code correct} or {@code
   * incorrect} (the run, not one of its steps), and those whose check ended in one of {@code
   * checks}. The others come with their row and annotations alone. A reader that takes only judged
   * runs (a labelled dataset) names a superset of what it takes, and decides each run itself.
   */
  public record Content(Set<CheckStatus> checks) {
    public Content {
      checks = checks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(checks));
    }

    /** Runs a person labelled; runs with a check alone do not count. */
    public static Content humanLabelled() {
      return new Content(Set.of());
    }

    /** Whether a run with these annotations has its contents read. */
    public boolean admits(Run run, List<Annotation> annotations) {
      for (Annotation annotation : annotations) {
        if (annotation.eventId() == null
            && ("correct".equals(annotation.label()) || "incorrect".equals(annotation.label()))) {
          return true;
        }
      }
      return run.check() != null && checks.contains(run.check().status());
    }
  }

  /** Builds a query; nothing set means every run, every event, in task-key order. */
  public static final class Builder {
    private String where;
    private String suiteRunId;
    private String taskId;
    private String model;
    private Instant since;
    private Content content;
    private Reading reading = Reading.EVERY_EVENT;
    private Order order = Order.TASK_KEY;

    private Builder() {}

    public Builder where(String sql) {
      this.where = sql;
      return this;
    }

    public Builder suiteRunId(String id) {
      this.suiteRunId = id;
      return this;
    }

    public Builder taskId(String id) {
      this.taskId = id;
      return this;
    }

    public Builder model(String name) {
      this.model = name;
      return this;
    }

    public Builder since(Instant instant) {
      this.since = instant;
      return this;
    }

    public Builder content(Content filter) {
      this.content = filter;
      return this;
    }

    public Builder reading(Reading value) {
      this.reading = value;
      return this;
    }

    public Builder order(Order value) {
      this.order = value;
      return this;
    }

    public RunQuery build() {
      return new RunQuery(where, suiteRunId, taskId, model, since, content, reading, order);
    }
  }
}
