package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import dev.distillery.trace.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The tree of forks and retries a run belongs to, as nested lists; nothing for a lone run. */
final class ForkTreeView {
  private ForkTreeView() {}

  static String render(Run current, List<Run> family) {
    if (family.size() < 2) {
      return "";
    }
    Map<String, List<Run>> children = new LinkedHashMap<>();
    List<Run> roots = new ArrayList<>();
    for (Run run : family) {
      String parent = run.spec().parentRunId();
      boolean parentInTree = parent != null && family.stream().anyMatch(r -> r.id().equals(parent));
      if (parentInTree) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(run);
      } else {
        roots.add(run);
      }
    }
    StringBuilder out = new StringBuilder("<section class=\"forks\"><h2>Forks and retries</h2>");
    list(out, roots, children, current);
    return out.append("</section>").toString();
  }

  private static void list(
      StringBuilder out, List<Run> runs, Map<String, List<Run>> children, Run current) {
    out.append("<ul class=\"fork-tree\">");
    for (Run run : runs) {
      boolean here = Objects.equals(run.id(), current.id());
      out.append(here ? "<li class=\"current\">" : "<li>");
      out.append("<a href=\"/runs/").append(esc(run.id())).append("\"><code>");
      out.append(esc(run.id().substring(0, Math.min(10, run.id().length()))));
      out.append("</code></a> ");
      String link = run.spec().link();
      if (link != null) {
        out.append("<span class=\"muted\">").append(esc(link));
        if (run.spec().parentEventId() != null) {
          out.append(" at ").append(esc(run.spec().parentEventId()));
        }
        out.append("</span> ");
      }
      out.append("<span class=\"badge status-").append(esc(run.status().wire())).append("\">");
      out.append(esc(run.status().wire())).append("</span>");
      if (run.check() != null) {
        out.append(" <span class=\"muted\">check ")
            .append(esc(run.check().status().wire()))
            .append("</span>");
      }
      if (here) {
        out.append(" <b>(this run)</b>");
      }
      List<Run> below = children.get(run.id());
      if (below != null) {
        list(out, below, children, current);
      }
      out.append("</li>");
    }
    out.append("</ul>");
  }
}
