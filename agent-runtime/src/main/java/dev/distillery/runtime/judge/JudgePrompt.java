package dev.distillery.runtime.judge;

import java.util.List;

/** What the judge is told besides the run: its job, the rubric, the tags, and what was cut. */
final class JudgePrompt {
  static final String RUN_HEADER = "The run to grade:\n\n";

  private JudgePrompt() {}

  static String instructions(Rubric rubric, List<String> tags) {
    return "You grade one run of an AI agent that works with tools. Read the run: its task, each"
        + " tool call with its result (cut when long), its answer, how it ended and its check."
        + " Grade it by the rubric below, then call "
        + VerdictTool.NAME
        + " exactly once with: label (correct or incorrect), tags (the failure tags below that"
        + " apply; none for a correct run), reason (one sentence), and step (the event id, in"
        + " brackets in the run, of the step where it first went wrong; null when none did or"
        + " you cannot tell).\n\nRubric:\n"
        + rubric.text()
        + "\n\nFailure tags: "
        + (tags.isEmpty() ? "(any short tag)" : String.join(", ", tags))
        + "\n";
  }

  /** The note that steps were left out, or nothing. */
  static String leftOut(int steps) {
    return steps == 0
        ? ""
        : "\nThis run was too long for your context window: "
            + steps
            + (steps == 1 ? " step was" : " steps were")
            + " left out of its middle, marked where they were. Grade by what you can see.\n";
  }
}
