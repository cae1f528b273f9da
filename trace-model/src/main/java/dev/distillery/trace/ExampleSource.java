package dev.distillery.trace;

import java.util.List;

/** Finds the finished runs that may teach a new one (the store answers it in one query). */
@FunctionalInterface
public interface ExampleSource {
  /** The runs, best first: the same task's first, then by similarity, newest first among equals. */
  List<ExampleRun> examples(ExampleQuery query);
}
