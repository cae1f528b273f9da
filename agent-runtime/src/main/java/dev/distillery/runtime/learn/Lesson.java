package dev.distillery.runtime.learn;

import dev.distillery.trace.ExampleRun;
import java.util.List;

/**
 * What a run is taught before its first model turn.
 *
 * @param section the system prompt's worked-examples section, or empty for none
 * @param used the example runs the section shows, in order
 * @param tokens the section's estimated size in tokens
 * @param found how many runs the store offered, before the budget
 */
public record Lesson(String section, List<ExampleRun> used, int tokens, int found) {
  public static final Lesson NONE = new Lesson("", List.of(), 0, 0);

  public Lesson {
    used = List.copyOf(used);
  }

  public boolean isEmpty() {
    return used.isEmpty();
  }
}
