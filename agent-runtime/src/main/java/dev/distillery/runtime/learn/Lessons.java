package dev.distillery.runtime.learn;

import dev.distillery.trace.EventPayload;
import dev.distillery.trace.ExampleRun;

/** How a lesson is recorded in the trace. */
public final class Lessons {
  private Lessons() {}

  /** The {@code examples_retrieved} event of a lesson (also when it found none). */
  public static EventPayload.ExamplesRetrieved event(Lesson lesson, LearnOptions options) {
    return new EventPayload.ExamplesRetrieved(
        lesson.used().stream().map(ExampleRun::runId).toList(),
        lesson.used().stream().map(run -> Math.round(run.score() * 1000) / 1000.0).toList(),
        lesson.used().stream().map(ExampleRun::label).toList(),
        options.scope().wire(),
        lesson.tokens(),
        lesson.found());
  }
}
