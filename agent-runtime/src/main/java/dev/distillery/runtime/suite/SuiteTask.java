package dev.distillery.runtime.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One task of a suite: what to ask, how to seed the workspace, how to grade the attempt.
 *
 * @param files files to create in the workspace, relative path to content
 * @param seedDirectory a directory whose contents are copied into the workspace, or null
 * @param setup shell commands run in the workspace before the agent starts
 * @param check a shell command run in the workspace after the agent stops (exit 0 = pass), or null
 * @param maxTurns the task's turn cap, or null for the run's default
 * @param timeout the attempt's wall-clock limit, or null for none
 * @param rubric what a model judge grades this task's runs by ({@code distillery judge}), or null
 *     for the judge's own
 */
public record SuiteTask(
    String id,
    String prompt,
    Map<String, String> files,
    Path seedDirectory,
    List<String> setup,
    String check,
    List<String> tags,
    Integer maxTurns,
    Duration timeout,
    String rubric) {
  public SuiteTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(prompt, "prompt");
    files = files == null ? Map.of() : Map.copyOf(files);
    setup = setup == null ? List.of() : List.copyOf(setup);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
