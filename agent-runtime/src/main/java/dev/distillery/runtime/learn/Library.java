package dev.distillery.runtime.learn;

import dev.distillery.trace.ExampleQuery;
import dev.distillery.trace.ExampleRun;
import dev.distillery.trace.Message;
import java.util.List;

/** Where a learner finds its examples: the store, or a copy of it that serve made. */
public interface Library {
  /** The runs for a query, best first ({@link dev.distillery.trace.ExampleSource}). */
  List<ExampleRun> examples(ExampleQuery query);

  /** A found run's conversation. */
  List<Message> messages(String runId);

  /**
   * The library as of now, for a new suite round: the same one when it reads the store itself, a
   * new copy when it read a copy.
   */
  default Library refreshed() {
    return this;
  }
}
