package dev.distillery.annotate;

import dev.distillery.trace.Annotation;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Judgement;
import dev.distillery.trace.LabelSource;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Records a model judge's gradings, as {@link Annotator} records people's labels: a verdict is an
 * annotation by the judge's author ({@code judge:<model>}) with the same checks as a label, its
 * reason (and the step where the run went wrong) as the comment; the judgement row keeps the rest.
 * {@code distillery judge} on a store it opens and the server's {@code POST /api/judgements} both
 * come here.
 */
public final class Judgements {
  private final TraceRepository repository;
  private final Clock clock;

  public Judgements(TraceRepository repository, Clock clock) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks and records a grading, stamped now; a verdict with the annotation that carries it, in
   * one transaction.
   *
   * @return the judgement as recorded, with its annotation's id
   * @throws DistilleryException (one line) for an unknown run, an author that is not a judge's, a
   *     step that is not the run's, a bad tag or reason
   */
  public Judgement record(Judgement judgement) {
    Run run = Runs.find(repository, judgement.runId());
    if (!run.id().equals(judgement.runId())) {
      throw RefusedException.badRequest("a judgement names its run in full: " + judgement.runId());
    }
    String author = Annotator.author(judgement.author());
    if (LabelSource.ofAuthor(author) != LabelSource.JUDGE) {
      throw RefusedException.badRequest(
          "a judge's author starts with " + LabelSource.JUDGE_PREFIX + ", not '" + author + "'");
    }
    Instant now = clock.instant();
    if (!judgement.verdict()) {
      Judgement failure = stamped(judgement, null, now);
      repository.recordJudgement(failure, null);
      return failure;
    }
    LabelRequest label =
        new LabelRequest(judgement.label(), judgement.tags(), comment(judgement), null);
    if (label.label().equals(Annotation.WITHDRAWN)) {
      throw RefusedException.badRequest("a verdict is correct or incorrect");
    }
    if (judgement.step() != null) {
      Annotator.requireStep(run, judgement.step(), repository.events(run.id()));
    }
    Annotation annotation =
        new Annotation(
            Ids.newId(), run.id(), null, author, label.label(), label.tags(), label.comment(), now);
    Judgement verdict = stamped(judgement, annotation.id(), now);
    repository.recordJudgement(verdict, annotation);
    return verdict;
  }

  /** The verdict's comment: its reason, and the step where the run went wrong. */
  static String comment(Judgement judgement) {
    String reason = judgement.reason() == null ? "" : judgement.reason().strip();
    return judgement.step() == null
        ? reason
        : reason + " (went wrong at step " + judgement.step() + ")";
  }

  private static Judgement stamped(Judgement j, String annotationId, Instant at) {
    return new Judgement(
        j.id(),
        j.runId(),
        j.author(),
        j.model(),
        j.rubricHash(),
        j.label(),
        j.tags(),
        j.reason(),
        j.step(),
        j.error(),
        j.requestJson(),
        j.responseJson(),
        j.usage(),
        j.costUsd(),
        j.retries(),
        annotationId,
        at);
  }
}
