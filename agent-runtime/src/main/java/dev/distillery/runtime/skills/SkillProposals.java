package dev.distillery.runtime.skills;

import dev.distillery.trace.CorrectCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Skills from execution: the tool-call sequences that runs labelled correct take again and again,
 * across tasks. Each run's calls (those that did not fail) become shapes ({@link CommandShape}); a
 * sequence of one to three consecutive shapes is proposed when it occurs in at least {@code
 * minRuns} runs of at least {@code minTasks} tasks. A sequence inside a longer proposed one that
 * the same runs take is left out.
 */
public final class SkillProposals {
  /** A proposed skill, for a person to review before it is used. */
  public record Proposal(
      String name,
      List<String> steps,
      List<String> examples,
      Set<String> tasks,
      List<String> runs,
      List<String> prompts) {}

  private record Occurrence(String runId, String taskId, String prompt, List<String> concrete) {}

  private SkillProposals() {}

  /** Proposals, the most widely shared first, at most {@code max}. */
  public static List<Proposal> propose(
      List<CorrectCall> calls, int minTasks, int minRuns, int max) {
    Map<String, List<CorrectCall>> byRun = new LinkedHashMap<>();
    for (CorrectCall call : calls) {
      if (!call.failed()) {
        byRun.computeIfAbsent(call.runId(), k -> new ArrayList<>()).add(call);
      }
    }
    Map<List<String>, Map<String, Occurrence>> seen = new LinkedHashMap<>();
    for (List<CorrectCall> run : byRun.values()) {
      List<String> shapes =
          run.stream().map(c -> CommandShape.of(c.tool(), c.arguments())).toList();
      for (int length = 1; length <= 3; length++) {
        for (int start = 0; start + length <= shapes.size(); start++) {
          List<String> sequence = List.copyOf(shapes.subList(start, start + length));
          CorrectCall first = run.get(start);
          List<String> concrete =
              run.subList(start, start + length).stream().map(SkillProposals::concrete).toList();
          seen.computeIfAbsent(sequence, k -> new LinkedHashMap<>())
              .putIfAbsent(
                  first.runId(),
                  new Occurrence(
                      first.runId(),
                      first.taskId() == null ? "(ad hoc)" : first.taskId(),
                      first.taskPrompt(),
                      concrete));
        }
      }
    }
    List<Map.Entry<List<String>, Map<String, Occurrence>>> candidates =
        new ArrayList<>(
            seen.entrySet().stream()
                .filter(e -> e.getValue().size() >= minRuns)
                .filter(e -> tasks(e.getValue()).size() >= minTasks)
                .toList());
    candidates.sort(
        Comparator.<Map.Entry<List<String>, Map<String, Occurrence>>>comparingInt(
                e -> -tasks(e.getValue()).size())
            .thenComparingInt(e -> -e.getKey().size())
            .thenComparingInt(e -> -e.getValue().size())
            .thenComparing(e -> String.join("\n", e.getKey())));
    List<Proposal> proposals = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (var candidate : candidates) {
      if (proposals.size() >= max) {
        break;
      }
      if (proposals.stream().anyMatch(p -> covers(p, candidate.getKey(), candidate.getValue()))) {
        continue;
      }
      Map<String, Occurrence> runs = candidate.getValue();
      Occurrence sample = runs.values().iterator().next();
      proposals.add(
          new Proposal(
              unique(name(candidate.getKey()), names),
              candidate.getKey(),
              sample.concrete(),
              tasks(runs),
              List.copyOf(runs.keySet()),
              runs.values().stream().map(Occurrence::prompt).distinct().limit(3).toList()));
    }
    return proposals;
  }

  private static boolean covers(
      Proposal proposal, List<String> steps, Map<String, Occurrence> runs) {
    return proposal.steps().size() > steps.size()
        && String.join("\n", proposal.steps()).contains(String.join("\n", steps))
        && proposal.runs().containsAll(runs.keySet());
  }

  private static Set<String> tasks(Map<String, Occurrence> runs) {
    Set<String> tasks = new LinkedHashSet<>();
    runs.values().forEach(o -> tasks.add(o.taskId()));
    return tasks;
  }

  private static String concrete(CorrectCall call) {
    String arguments =
        call.arguments().length() > 200
            ? call.arguments().substring(0, 200) + "…"
            : call.arguments();
    return call.tool() + " " + arguments;
  }

  /** {@code wc-then-tail}: the programs (or tools) of the steps, in order. */
  static String name(List<String> steps) {
    List<String> words = new ArrayList<>();
    for (String step : steps) {
      String first = step.split("[\\s(]", 2)[0].toLowerCase(Locale.ROOT);
      String slug = first.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
      words.add(slug.isEmpty() ? "step" : slug);
    }
    return String.join("-then-", words);
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = name + "-" + i;
    }
    return candidate;
  }
}
