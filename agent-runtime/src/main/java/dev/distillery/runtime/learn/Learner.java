package dev.distillery.runtime.learn;

import dev.distillery.trace.ExampleQuery;
import dev.distillery.trace.ExampleRun;
import dev.distillery.trace.ExampleSource;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Brings runs labelled correct back to the agent as worked examples: before a run's first model
 * turn, the runs the store finds for its task ({@link ExampleSource}) are written compactly into a
 * section of the system prompt, as many as fit the token budget.
 */
public final class Learner {
  static final String HEADING =
      "## Worked examples\n"
          + "Earlier runs at similar tasks, and how they were judged. Follow what worked; check"
          + " the facts of this task yourself rather than copying an answer.\n";

  private final Library library;
  private final LearnOptions options;
  private final UnaryOperator<String> redact;

  /**
   * @param library finds the example runs and reads their conversations
   * @param redact removes secrets from what is shown, as export does
   */
  public Learner(Library library, LearnOptions options, UnaryOperator<String> redact) {
    this.library = Objects.requireNonNull(library, "library");
    this.options = Objects.requireNonNull(options, "options");
    this.redact = Objects.requireNonNull(redact, "redact");
  }

  /** A library over a store that finds examples and reads runs itself. */
  public static <S extends ExampleSource & TraceRepository> Library library(S store) {
    return new Library() {
      @Override
      public List<ExampleRun> examples(ExampleQuery query) {
        return store.examples(query);
      }

      @Override
      public List<Message> messages(String runId) {
        return store.messages(runId);
      }
    };
  }

  public LearnOptions options() {
    return options;
  }

  /** This learner, seeing only the runs that ended before a suite round started. */
  public Learner forRound(Instant roundStart) {
    return new Learner(library.refreshed(), options.endingBefore(roundStart), redact);
  }

  /** The examples for a run about to start, within the budget; {@link Lesson#NONE} when none. */
  public Lesson lesson(RunSpec spec) {
    List<ExampleRun> found =
        library.examples(
            new ExampleQuery(
                spec.taskPrompt(),
                spec.taskId(),
                options.scope(),
                options.withIncorrect(),
                options.examples(),
                options.endedBefore()));
    StringBuilder section = new StringBuilder(HEADING);
    int budget = options.budgetTokens() * 4;
    List<ExampleRun> used = new ArrayList<>();
    int good = 0;
    int bad = 0;
    for (ExampleRun run : found) {
      String text =
          ExampleText.of(
              run.correct() ? ++good : ++bad, run, library.messages(run.runId()), redact);
      if (section.length() + 1 + text.length() > budget) {
        if (run.correct()) {
          good--;
        } else {
          bad--;
        }
        continue;
      }
      section.append('\n').append(text);
      used.add(run);
    }
    if (used.isEmpty()) {
      return new Lesson("", List.of(), 0, found.size());
    }
    String text = section.toString().strip();
    return new Lesson(text, used, (text.length() + 3) / 4, found.size());
  }
}
