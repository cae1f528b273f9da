package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.export.redact.Redactor;
import dev.distillery.runtime.learn.LearnOptions;
import dev.distillery.runtime.learn.Learner;
import dev.distillery.runtime.learn.Library;
import dev.distillery.runtime.loop.LoopOptions;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.ExampleQuery;
import dev.distillery.trace.ExampleRun;
import dev.distillery.trace.Message;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --learn} and its settings, for {@code run}, {@code run --suite} and {@code chat}: runs
 * labelled correct come back as worked examples in the system prompt (docs/learn.md). The settings'
 * {@code learn} section gives the defaults; flags win.
 */
final class LearnFlags {
  @Option(
      names = "--learn",
      negatable = true,
      description =
          "Put worked examples from earlier runs labelled correct (by people, else by a passing"
              + " check) in the system prompt (default: the settings' learn.enabled, else off).")
  Boolean learn;

  @Option(
      names = "--learn-examples",
      paramLabel = "K",
      description = "How many examples at most (default 3).")
  Integer examples;

  @Option(
      names = "--learn-budget",
      paramLabel = "TOKENS",
      description = "The most tokens the examples may take in the prompt (default 1500).")
  Integer budget;

  @Option(
      names = "--learn-scope",
      paramLabel = "SCOPE",
      description =
          "Whose runs may teach: same-task, other-tasks (a fair measure: no task sees its own"
              + " answer) or all (default; the same task's first).")
  String scope;

  @Option(
      names = "--learn-from",
      paramLabel = "WHICH",
      description =
          "correct (default) or all: runs labelled incorrect come too, as what not to do, with"
              + " their reviewers' notes.")
  String from;

  /** Whether learning is on, by flag or by the settings. */
  boolean enabled(Context context) {
    return learn != null ? learn : section(context).path("enabled").asBoolean(false);
  }

  /** The options, or a usage error naming the bad value. */
  LearnOptions options(Context context) {
    ObjectNode section = section(context);
    int k = examples != null ? examples : section.path("examples").asInt(3);
    int tokens = budget != null ? budget : section.path("budget_tokens").asInt(1_500);
    String scopeName = scope != null ? scope : section.path("scope").asText("all");
    String fromName = from != null ? from : section.path("from").asText("correct");
    ExampleQuery.Scope parsed;
    try {
      parsed = ExampleQuery.Scope.fromWire(scopeName);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--learn-scope must be same-task, other-tasks or all, not '" + scopeName + "'");
    }
    if (!List.of("correct", "all").contains(fromName)) {
      throw new UsageException("--learn-from must be correct or all, not '" + fromName + "'");
    }
    try {
      return new LearnOptions(k, tokens, parsed, fromName.equals("all"), null);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The loop options with a learner over {@code target}'s store, or over a snapshot that serve
   * makes when serve holds it; unchanged when learning is off.
   */
  LoopOptions apply(
      LoopOptions options, Context context, TraceTarget target, Path storeFile, PrintWriter err) {
    if (!enabled(context)) {
      return options;
    }
    LearnOptions learnOptions = options(context);
    Library library =
        target.repository().isPresent() && target.repository().get() instanceof DuckDbTraceStore s
            ? Learner.library(s)
            : target.own(new ServedLibrary(storeFile, err));
    Redactor redactor = Redactor.standard(List.of());
    return options.toBuilder()
        .learner(new Learner(library, learnOptions, redactor::redact))
        .build();
  }

  private static ObjectNode section(Context context) {
    return ConfigFile.load(context).section("learn");
  }

  /**
   * While serve holds the store: a copy that serve makes, read here, and a new copy for each suite
   * round, so that a round learns from the one before.
   */
  static final class ServedLibrary implements Library, AutoCloseable {
    private final Path storeFile;
    private final PrintWriter err;
    private DuckDbTraceStore copy;

    ServedLibrary(Path storeFile, PrintWriter err) {
      this.storeFile = storeFile;
      this.err = err;
    }

    private synchronized DuckDbTraceStore copy() {
      if (copy == null) {
        copy = Stores.forReading(storeFile, err);
      }
      return copy;
    }

    @Override
    public List<ExampleRun> examples(ExampleQuery query) {
      return copy().examples(query);
    }

    @Override
    public List<Message> messages(String runId) {
      return copy().messages(runId);
    }

    @Override
    public synchronized Library refreshed() {
      close();
      return this;
    }

    @Override
    public synchronized void close() {
      if (copy != null) {
        copy.close();
        copy = null;
      }
    }
  }
}
