package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.runtime.loop.Provisioner;
import dev.distillery.runtime.suite.SuiteFile;
import dev.distillery.runtime.suite.SuiteRunner;
import dev.distillery.runtime.suite.SuiteTask;
import dev.distillery.trace.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** A suite attempt's task, found again through the suite file its run recorded. */
final class SuiteTasks {
  private SuiteTasks() {}

  /**
   * Prepares {@code workspace} as the task's attempts start (seed files, setup commands); {@link
   * Provisioner#NONE} for a run that is no suite attempt, or whose suite file is gone.
   */
  static Provisioner provisioner(RunSpec spec, Path workspace) {
    if (spec.taskId() == null) {
      return Provisioner.NONE;
    }
    try {
      JsonNode file = Json.MAPPER.readTree(spec.metadataJson()).get("suite_file");
      if (file == null || !file.isTextual() || !Files.isRegularFile(Path.of(file.asText()))) {
        return Provisioner.NONE;
      }
      for (SuiteTask task : SuiteFile.read(Path.of(file.asText())).tasks()) {
        if (task.id().equals(spec.taskId())) {
          return SuiteRunner.workspace(workspace, task);
        }
      }
    } catch (Exception e) {
      return Provisioner.NONE;
    }
    return Provisioner.NONE;
  }
}
