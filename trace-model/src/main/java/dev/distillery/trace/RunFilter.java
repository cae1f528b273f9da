package dev.distillery.trace;

/**
 * Which runs to list, and in which order (newest first unless {@code sort} says otherwise). Null
 * fields do not filter.
 *
 * @param check the automatic check's outcome; {@link CheckStatus#NO_CHECK} also matches runs that
 *     have no check at all
 * @param label what people said about the run, over each annotator's latest label
 * @param text words the task prompt or one of the run's outputs (model text, tool output, check
 *     output) contains, case-insensitive
 * @param tag a failure tag that an annotation of the run carries
 * @param signature a failure signature (the {@code failure_signatures} view's) that one of the
 *     run's failures has
 * @param sort the order; null means {@link Sort#NEWEST}
 * @param limit at most this many runs
 * @param offset skip this many first
 */
public record RunFilter(
    RunStatus status,
    String model,
    String taskId,
    String suiteRunId,
    CheckStatus check,
    Label label,
    String text,
    String tag,
    String signature,
    Sort sort,
    int limit,
    int offset) {
  /** Orders of the runs list. */
  public enum Sort {
    NEWEST,
    OLDEST,
    /** Longest wall time first; runs still going last. */
    LONGEST,
    MOST_TOKENS,
    MOST_TURNS,
    /** Highest cost first; runs without a known cost last. */
    COSTLIEST
  }

  /** Human labels, over each annotator's latest run label. */
  public enum Label {
    /** At least one annotator labelled the run. */
    LABELLED,
    /** Nobody labelled the run. */
    UNLABELLED,
    /** Labelled, and every annotator's latest label is {@code correct}. */
    CORRECT,
    /** Labelled, and every annotator's latest label is {@code incorrect}. */
    INCORRECT,
    /** Annotators' latest labels differ. */
    DISPUTED,
    /** A model judge graded the run (whatever people said). */
    JUDGED
  }

  public RunFilter {
    if (limit < 0 || offset < 0) {
      throw new IllegalArgumentException("limit and offset cannot be negative");
    }
    text = text == null || text.isBlank() ? null : text.strip();
    tag = tag == null || tag.isBlank() ? null : tag.strip();
    signature = signature == null || signature.isEmpty() ? null : signature;
    sort = sort == null ? Sort.NEWEST : sort;
  }

  /** The newest {@code limit} runs, unfiltered. */
  public static RunFilter latest(int limit) {
    return builder().limit(limit).build();
  }

  /** A filter that filters nothing, newest first, without a limit (0 runs) until one is set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this filter. */
  public Builder toBuilder() {
    return new Builder()
        .status(status)
        .model(model)
        .taskId(taskId)
        .suiteRunId(suiteRunId)
        .check(check)
        .label(label)
        .text(text)
        .tag(tag)
        .signature(signature)
        .sort(sort)
        .limit(limit)
        .offset(offset);
  }

  /** The same filter over another page. */
  public RunFilter page(int newLimit, int newOffset) {
    return toBuilder().limit(newLimit).offset(newOffset).build();
  }

  public static final class Builder {
    private RunStatus status;
    private String model;
    private String taskId;
    private String suiteRunId;
    private CheckStatus check;
    private Label label;
    private String text;
    private String tag;
    private String signature;
    private Sort sort;
    private int limit;
    private int offset;

    private Builder() {}

    public Builder status(RunStatus value) {
      status = value;
      return this;
    }

    public Builder model(String value) {
      model = value;
      return this;
    }

    public Builder taskId(String value) {
      taskId = value;
      return this;
    }

    public Builder suiteRunId(String value) {
      suiteRunId = value;
      return this;
    }

    public Builder check(CheckStatus value) {
      check = value;
      return this;
    }

    public Builder label(Label value) {
      label = value;
      return this;
    }

    public Builder text(String value) {
      text = value;
      return this;
    }

    public Builder tag(String value) {
      tag = value;
      return this;
    }

    public Builder signature(String value) {
      signature = value;
      return this;
    }

    public Builder sort(Sort value) {
      sort = value;
      return this;
    }

    public Builder limit(int value) {
      limit = value;
      return this;
    }

    public Builder offset(int value) {
      offset = value;
      return this;
    }

    public RunFilter build() {
      return new RunFilter(
          status,
          model,
          taskId,
          suiteRunId,
          check,
          label,
          text,
          tag,
          signature,
          sort,
          limit,
          offset);
    }
  }
}
