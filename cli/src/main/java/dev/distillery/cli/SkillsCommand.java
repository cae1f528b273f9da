package dev.distillery.cli;

import dev.distillery.runtime.skills.SkillProposals;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.CorrectCall;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery skills}: skills from execution. */
@Command(
    name = "skills",
    mixinStandardHelpOptions = true,
    description = "Skills from execution.",
    subcommands = {SkillsCommand.Propose.class})
final class SkillsCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.OK;
  }

  /** {@code distillery skills propose}: SKILL.md drafts from steps that correct runs repeat. */
  @Command(
      name = "propose",
      mixinStandardHelpOptions = true,
      description = {
        "Draft skills from the steps that correct runs repeat across tasks.",
        "Tool-call sequences that runs labelled correct take again and again become SKILL.md",
        "drafts under skills/proposed/NAME/ for a person to review. Nothing proposed is used",
        "until its folder is moved into skills/."
      })
  static final class Propose implements Callable<Integer> {
    @ParentCommand SkillsCommand skills;
    @Spec CommandSpec spec;
    @Mixin StoreOption storeOption;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = "skills/proposed",
        description = "Where the drafts go (default skills/proposed).")
    Path out;

    @Option(
        names = "--min-tasks",
        defaultValue = "2",
        description = "Propose a sequence seen in at least this many tasks (default 2).")
    int minTasks;

    @Option(
        names = "--min-runs",
        defaultValue = "3",
        description = "... and at least this many correct runs (default 3).")
    int minRuns;

    @Option(
        names = "--max",
        defaultValue = "5",
        description = "Propose at most this many (default 5).")
    int max;

    @Option(
        names = "--runs",
        defaultValue = "2000",
        description = "Read the newest this many correct runs (default 2000).")
    int runs;

    @Override
    public Integer call() throws IOException {
      if (minTasks < 1 || minRuns < 1 || max < 1 || runs < 1) {
        throw new UsageException("--min-tasks, --min-runs, --max and --runs must be at least 1");
      }
      Context context = skills.root.context;
      PrintWriter stdout = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<CorrectCall> calls;
      try (DuckDbTraceStore store = Stores.forReading(storeOption.resolve(context), err)) {
        calls = store.correctCalls(runs);
      }
      List<SkillProposals.Proposal> proposals =
          SkillProposals.propose(calls, minTasks, minRuns, max);
      long correctRuns = calls.stream().map(CorrectCall::runId).distinct().count();
      if (proposals.isEmpty()) {
        stdout.printf(
            "no step sequence recurs in %d correct runs of %d tasks among %d correct runs read%n",
            minRuns, minTasks, correctRuns);
        stdout.flush();
        return ExitCode.OK;
      }
      Path dir = context.cwd().resolve(out);
      for (SkillProposals.Proposal proposal : proposals) {
        Path folder = dir.resolve(proposal.name());
        Path file = folder.resolve("SKILL.md");
        if (Files.exists(file)) {
          stdout.println("kept " + context.cwd().relativize(file) + " (already proposed)");
          continue;
        }
        Files.createDirectories(folder);
        Files.writeString(file, SkillDraft.markdown(proposal));
        stdout.printf(
            "proposed %s: %s (%d runs, %d tasks)%n",
            context.cwd().relativize(file),
            String.join(" ; ", proposal.steps()),
            proposal.runs().size(),
            proposal.tasks().size());
      }
      stdout.println(
          "review each draft, then move its folder into skills/ to use it (nothing proposed is"
              + " used before)");
      stdout.flush();
      return ExitCode.OK;
    }
  }
}
