package dev.distillery.cli;

import dev.distillery.runtime.skills.SkillProposals;

/** A proposed skill as a SKILL.md draft: front matter the skill loader reads, and its evidence. */
final class SkillDraft {
  private SkillDraft() {}

  static String markdown(SkillProposals.Proposal proposal) {
    StringBuilder md = new StringBuilder();
    md.append("---\n");
    md.append("name: ").append(proposal.name()).append('\n');
    md.append("description: Steps that worked in ")
        .append(proposal.runs().size())
        .append(" correct runs across ")
        .append(proposal.tasks().size())
        .append(" tasks, ")
        .append(proposal.steps().get(0).replaceAll("[:#\"'`]", " ").strip())
        .append(proposal.steps().size() > 1 ? " and what follows" : "")
        .append('\n');
    md.append("---\n");
    md.append("# ").append(proposal.name()).append(" (proposed from execution)\n\n");
    md.append(
        "Review before use: give it a name and a description that say when it applies, then move"
            + " this folder into `skills/`.\n\n");
    md.append("## When\n\nTasks like these, where it worked:\n\n");
    for (String prompt : proposal.prompts()) {
      md.append("- ").append(oneLine(prompt)).append('\n');
    }
    md.append("\n## Steps\n\n");
    for (int i = 0; i < proposal.steps().size(); i++) {
      md.append(i + 1)
          .append(". `")
          .append(proposal.steps().get(i).replace("`", "'"))
          .append("` — for example `")
          .append(oneLine(proposal.examples().get(i)).replace("`", "'"))
          .append("`\n");
    }
    md.append("\n## Evidence\n\n");
    md.append("Tasks: ").append(String.join(", ", proposal.tasks())).append('\n');
    md.append("Runs labelled correct that took these steps: ")
        .append(String.join(", ", proposal.runs()))
        .append(" (`distillery show RUN`)\n");
    return md.toString();
  }

  private static String oneLine(String text) {
    String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
  }
}
