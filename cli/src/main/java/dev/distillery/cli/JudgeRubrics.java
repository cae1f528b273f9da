package dev.distillery.cli;

import dev.distillery.runtime.judge.Rubric;
import dev.distillery.runtime.suite.Suite;
import dev.distillery.runtime.suite.SuiteFile;
import dev.distillery.runtime.suite.SuiteTask;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which rubric grades a run: its task's own {@code rubric} in the suite file given with {@code
 * --suite-file}, else the {@code --rubric} file, else the built-in one.
 */
final class JudgeRubrics {
  private final Rubric fallback;
  private final Map<String, Rubric> byTask;

  private JudgeRubrics(Rubric fallback, Map<String, Rubric> byTask) {
    this.fallback = fallback;
    this.byTask = byTask;
  }

  /**
   * @param rubricFile the {@code --rubric} file, or null
   * @param suiteFile the {@code --suite-file}, or null
   */
  static JudgeRubrics load(Path cwd, Path rubricFile, Path suiteFile) {
    Rubric fallback = Rubric.BUILT_IN;
    if (rubricFile != null) {
      Path file = cwd.resolve(rubricFile);
      try {
        fallback =
            new Rubric(Files.readString(file, StandardCharsets.UTF_8), rubricFile.toString());
      } catch (IOException e) {
        throw new DistilleryException(
            "cannot read the rubric " + rubricFile + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new DistilleryException("the rubric " + rubricFile + " is empty");
      }
    }
    Map<String, Rubric> byTask = new HashMap<>();
    if (suiteFile != null) {
      Suite suite = SuiteFile.read(cwd.resolve(suiteFile));
      for (SuiteTask task : suite.tasks()) {
        if (task.rubric() != null) {
          byTask.put(task.id(), new Rubric(task.rubric(), suiteFile + " task " + task.id()));
        }
      }
    }
    return new JudgeRubrics(fallback, byTask);
  }

  Rubric of(Run run) {
    String task = run.spec().taskId();
    return task == null ? fallback : byTask.getOrDefault(task, fallback);
  }
}
