package dev.distillery.trace;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A model judge's grading of one run: its verdict, or why it gave none, with the request it was
 * sent and the reply it gave, their tokens and cost. A verdict is also an annotation by {@link
 * #author} (its id is {@link #annotationId}); a failure is recorded here alone and never labels the
 * run.
 *
 * @param author {@code judge:<model>} ({@link LabelSource#judgeAuthor})
 * @param rubricHash the SHA-256 of the rubric the judge was given (hex); the judge skips runs it
 *     already graded under the same rubric
 * @param label {@code correct} or {@code incorrect}; null for a failure
 * @param step the event where the run went wrong, as the judge named it, or null
 * @param error why there is no verdict (a malformed verdict, a model error), or null
 * @param requestJson the chat request the judge was sent (messages, tools, parameters)
 * @param responseJson the reply it gave (message, finish reason, usage, retries), or null when no
 *     reply came
 * @param costUsd null when the model's price is unknown
 * @param retries the failed tries before the last one (429s, 5xx, timeouts)
 * @param annotationId the annotation that carries the verdict, or null for a failure
 */
public record Judgement(
    String id,
    String runId,
    String author,
    String model,
    String rubricHash,
    String label,
    List<String> tags,
    String reason,
    String step,
    String error,
    String requestJson,
    String responseJson,
    Usage usage,
    Double costUsd,
    int retries,
    String annotationId,
    Instant createdAt) {
  public Judgement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(rubricHash, "rubricHash");
    Objects.requireNonNull(requestJson, "requestJson");
    Objects.requireNonNull(createdAt, "createdAt");
    tags = tags == null ? List.of() : List.copyOf(tags);
    usage = usage == null ? Usage.ZERO : usage;
    if ((label == null) == (error == null)) {
      throw new IllegalArgumentException("a judgement has a label or an error, exactly one");
    }
  }

  /** Whether the judge gave a verdict (and so labelled the run). */
  public boolean verdict() {
    return label != null;
  }
}
