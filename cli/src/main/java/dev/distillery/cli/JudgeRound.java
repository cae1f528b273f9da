package dev.distillery.cli;

import dev.distillery.runtime.judge.Grading;
import dev.distillery.runtime.judge.Judge;
import dev.distillery.runtime.judge.Rubric;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Ids;
import dev.distillery.trace.Judgement;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunTrace;
import dev.distillery.trace.TraceRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Grades runs, {@code concurrency} at a time: reads each run, asks the judge, records the verdict
 * or the failure through {@code record} (the store, or the server that holds it), and counts (the
 * verdicts in {@link JudgeProgress}). Once the judgements have cost {@code maxCost}, no new one
 * starts.
 */
final class JudgeRound {
  /** What a round did. */
  record Tally(
      int judged,
      int correct,
      int incorrect,
      int failed,
      int notStarted,
      double costUsd,
      boolean costUnknown,
      long retries,
      long rateLimited,
      long promptTokens,
      List<String> failures) {}

  private final TraceRepository reading;
  private final Judge judge;
  private final String model;
  private final String author;
  private final Function<Run, Rubric> rubrics;
  private final UnaryOperator<Judgement> record;
  private final Double maxCost;

  JudgeRound(
      TraceRepository reading,
      Judge judge,
      String model,
      String author,
      Function<Run, Rubric> rubrics,
      UnaryOperator<Judgement> record,
      Double maxCost) {
    this.reading = reading;
    this.judge = judge;
    this.model = model;
    this.author = author;
    this.rubrics = rubrics;
    this.record = record;
    this.maxCost = maxCost;
  }

  Tally grade(List<Run> runs, int concurrency, JudgeProgress progress) throws InterruptedException {
    DoubleAdder cost = new DoubleAdder();
    AtomicInteger notStarted = new AtomicInteger();
    AtomicLong retries = new AtomicLong();
    AtomicLong rateLimited = new AtomicLong();
    AtomicLong promptTokens = new AtomicLong();
    AtomicInteger unpriced = new AtomicInteger();
    List<String> failures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Run run : runs) {
        futures.add(
            pool.submit(
                () -> {
                  if (maxCost != null && cost.sum() >= maxCost) {
                    notStarted.incrementAndGet();
                    return;
                  }
                  Rubric rubric = rubrics.apply(run);
                  Grading grading = judge.grade(RunTrace.read(reading, run), rubric);
                  Judgement judgement = record.apply(judgement(run, rubric, grading));
                  cost.add(judgement.costUsd() == null ? 0 : judgement.costUsd());
                  if (judgement.costUsd() == null) {
                    unpriced.incrementAndGet();
                  }
                  retries.addAndGet(judgement.retries());
                  rateLimited.addAndGet(grading.rateLimited());
                  promptTokens.addAndGet(judgement.usage().promptTokens());
                  if (!judgement.verdict()) {
                    synchronized (failures) {
                      failures.add(Format.shortId(run.id()) + ": " + judgement.error());
                    }
                  }
                  progress.graded(judgement, cost.sum());
                }));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          pool.shutdownNow();
          throw e.getCause() instanceof RuntimeException r
              ? r
              : new DistilleryException("judging failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
      progress.stopped();
    }
    int judged = runs.size() - notStarted.get();
    return new Tally(
        judged,
        progress.correct(),
        progress.incorrect(),
        progress.failed(),
        notStarted.get(),
        cost.sum(),
        unpriced.get() > 0,
        retries.get(),
        rateLimited.get(),
        promptTokens.get(),
        List.copyOf(failures));
  }

  private Judgement judgement(Run run, Rubric rubric, Grading grading) {
    return new Judgement(
        Ids.newId(),
        run.id(),
        author,
        model,
        rubric.hash(),
        grading.verdict() == null ? null : grading.verdict().label(),
        grading.verdict() == null ? List.of() : grading.verdict().tags(),
        grading.verdict() == null ? null : grading.verdict().reason(),
        grading.verdict() == null ? null : grading.verdict().step(),
        grading.error(),
        grading.requestJson(),
        grading.responseJson(),
        grading.usage(),
        grading.costUsd(),
        grading.retries().size(),
        null,
        Instant.now());
  }
}
