package dev.distillery.runtime.loop;

import dev.distillery.runtime.compact.Compactor;
import dev.distillery.runtime.compact.ModelSummarizer;
import dev.distillery.runtime.compact.Summarizer;
import dev.distillery.runtime.model.ModelClient;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Message;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.Usage;
import java.util.List;
import java.util.Optional;

/** Runs the {@link Compactor} before a request and records what it did as a compaction event. */
final class ContextCompaction {
  private final Compactor compactor;
  private final RunRecorder recorder;

  private ContextCompaction(Compactor compactor, RunRecorder recorder) {
    this.compactor = compactor;
    this.recorder = recorder;
  }

  /** None when the options give no context window. */
  static ContextCompaction of(
      LoopOptions options, ModelClient client, RunRecorder recorder, RunSpec spec) {
    if (options.contextWindow() == null) {
      return null;
    }
    Summarizer summarizer =
        new ModelSummarizer(
            client, options.model(), recorder.runId(), spec.taskId(), spec.attempt());
    return new ContextCompaction(
        new Compactor(options.contextWindow(), options.controls().compactAt(), summarizer),
        recorder);
  }

  /**
   * Compacts when the request would pass the threshold: appends the new messages to the log and
   * returns the new window and the summary call's tokens; empty when nothing was done.
   */
  Optional<Compactor.Result> apply(List<Message> log, List<Integer> window, List<ToolSpec> tools) {
    Optional<Compactor.Result> done = compactor.compact(log, window, tools);
    done.ifPresent(
        result ->
            recorder.record(
                null,
                null,
                new EventPayload.Compaction(
                    result.tokensBefore(),
                    result.tokensAfter(),
                    result.contextWindow(),
                    result.outputsCut(),
                    result.messagesSummarized(),
                    result.summaryIndex(),
                    result.summaryUsage() == null ? Usage.ZERO : result.summaryUsage())));
    return done;
  }

  /**
   * Why the request {@code window} names cannot be sent, when it is still over the context window
   * after compaction; empty when it fits.
   */
  Optional<String> overflow(List<Message> log, List<Integer> window, List<ToolSpec> tools) {
    long tokens = Compactor.estimate(log, window, tools);
    if (tokens <= compactor.contextWindow()) {
      return Optional.empty();
    }
    return Optional.of(
        "the request needs about "
            + tokens
            + " tokens even after compaction, over the context window of "
            + compactor.contextWindow()
            + " (the system prompt, the tools and the latest turn alone do not fit)");
  }
}
