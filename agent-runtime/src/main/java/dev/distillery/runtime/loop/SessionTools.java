package dev.distillery.runtime.loop;

import dev.distillery.runtime.prompts.Mode;
import dev.distillery.runtime.prompts.SystemPrompt;
import dev.distillery.runtime.skills.SkillTool;
import dev.distillery.runtime.tools.Tool;
import dev.distillery.runtime.tools.ToolRegistry;
import dev.distillery.trace.RunSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tools a session offers and the system prompt it starts with, from its mode and controls. */
final class SessionTools {
  private SessionTools() {}

  /**
   * The registry's tools that the mode and persona allow, plus the {@code skill} tool when there
   * are skills. A tool not offered cannot be called: the registry answers "unknown tool".
   */
  static ToolRegistry offered(ToolRegistry tools, Mode mode, Controls controls) {
    if (!controls.persona().tools()) {
      return new ToolRegistry(List.of());
    }
    List<Tool> kept = new ArrayList<>();
    for (Tool tool : tools.tools()) {
      if (mode.offers(tool.spec().name())) {
        kept.add(tool);
      }
    }
    if (!controls.skills().isEmpty()
        && mode.offers(SkillTool.NAME)
        && kept.stream().noneMatch(tool -> tool.spec().name().equals(SkillTool.NAME))) {
      kept.add(new SkillTool(controls.skills()));
    }
    return new ToolRegistry(kept);
  }

  static Mode mode(RunSpec spec) {
    return Mode.fromWire(spec.mode());
  }

  static String systemPrompt(
      LoopOptions options, Mode mode, ToolRegistry offered, RunSpec spec, Path workingDirectory) {
    if (options.systemPrompt() != null) {
      return options.systemPrompt();
    }
    Controls controls = options.controls();
    return SystemPrompt.assemble(
        controls.persona(),
        mode,
        offered.specs(),
        controls.skills().all(),
        workingDirectoryLabel(spec, workingDirectory),
        controls.date());
  }

  /**
   * A suite task's workspace is a fresh temporary folder per attempt: naming it would make the
   * attempts' prompts differ, so it is named by what it is. An ad-hoc run names its folder.
   */
  static String workingDirectoryLabel(RunSpec spec, Path workingDirectory) {
    if (spec.taskId() != null) {
      return "the task's workspace (paths are relative to it)";
    }
    return workingDirectory.toAbsolutePath().normalize().toString();
  }
}
