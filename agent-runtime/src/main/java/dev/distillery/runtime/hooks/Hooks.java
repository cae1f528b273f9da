package dev.distillery.runtime.hooks;

import dev.distillery.runtime.policy.ToolPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The hooks of a run, each with its phase and the tools it applies to, in the order they run. */
public record Hooks(List<Entry> entries) {
  public static final Hooks NONE = new Hooks(List.of());

  /** One hook, where it applies. */
  public record Entry(HookPhase phase, ToolPattern tools, Hook hook) {
    public Entry {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(tools, "tools");
      Objects.requireNonNull(hook, "hook");
    }
  }

  public Hooks {
    entries = List.copyOf(entries);
  }

  public List<Hook> applying(HookPhase phase, String toolName) {
    return entries.stream()
        .filter(entry -> entry.phase() == phase && entry.tools().matches(toolName))
        .map(Entry::hook)
        .toList();
  }

  /** These hooks and one more, run after them. */
  public Hooks with(HookPhase phase, ToolPattern tools, Hook hook) {
    List<Entry> all = new ArrayList<>(entries);
    all.add(new Entry(phase, tools, hook));
    return new Hooks(all);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
