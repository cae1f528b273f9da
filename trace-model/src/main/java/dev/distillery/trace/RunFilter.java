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
    DISPUTED
  }

  public RunFilter {
    if (limit < 0 || offset < 0) {
      throw new IllegalArgumentException("limit and offset cannot be negative");
    }
    text = text == null || text.isBlank() ? null : text.strip();
    tag = tag == null || tag.isBlank() ? null : tag.strip();
    sort = sort == null ? Sort.NEWEST : sort;
  }

  /** No tag, newest first. */
  public RunFilter(
      RunStatus status,
      String model,
      String taskId,
      String suiteRunId,
      CheckStatus check,
      Label label,
      String text,
      int limit,
      int offset) {
    this(status, model, taskId, suiteRunId, check, label, text, null, null, limit, offset);
  }

  /** Status, model, task and suite only. */
  public RunFilter(
      RunStatus status, String model, String taskId, String suiteRunId, int limit, int offset) {
    this(status, model, taskId, suiteRunId, null, null, null, null, null, limit, offset);
  }

  public static RunFilter latest(int limit) {
    return new RunFilter(null, null, null, null, limit, 0);
  }

  public RunFilter withSuiteRunId(String value) {
    return new RunFilter(
        status, model, taskId, value, check, label, text, tag, sort, limit, offset);
  }

  public RunFilter withStatus(RunStatus value) {
    return new RunFilter(
        value, model, taskId, suiteRunId, check, label, text, tag, sort, limit, offset);
  }

  public RunFilter withCheck(CheckStatus value) {
    return new RunFilter(
        status, model, taskId, suiteRunId, value, label, text, tag, sort, limit, offset);
  }

  public RunFilter withLabel(Label value) {
    return new RunFilter(
        status, model, taskId, suiteRunId, check, value, text, tag, sort, limit, offset);
  }

  public RunFilter withText(String value) {
    return new RunFilter(
        status, model, taskId, suiteRunId, check, label, value, tag, sort, limit, offset);
  }

  public RunFilter withTag(String value) {
    return new RunFilter(
        status, model, taskId, suiteRunId, check, label, text, value, sort, limit, offset);
  }

  public RunFilter withSort(Sort value) {
    return new RunFilter(
        status, model, taskId, suiteRunId, check, label, text, tag, value, limit, offset);
  }

  /** The same filter over another page. */
  public RunFilter page(int newLimit, int newOffset) {
    return new RunFilter(
        status, model, taskId, suiteRunId, check, label, text, tag, sort, newLimit, newOffset);
  }
}
