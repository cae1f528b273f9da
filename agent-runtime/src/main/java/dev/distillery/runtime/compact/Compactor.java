package dev.distillery.runtime.compact;

import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.ToolSpec;
import dev.distillery.trace.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a request under a share of the model's context window. When the next request would pass it:
 * first, tool outputs older than the latest turn that are longer than {@link #CUT_OVER} characters
 * are cut to their head and tail; if that is not enough, the messages between the system prompt and
 * the latest assistant turn are replaced by one summary message; if the request is still over the
 * whole window, the newest tool outputs are cut as well, the latest first (each stays paired with
 * its call, only shorter). The run's messages are never changed: cut outputs and the summary are
 * new messages, and the returned window lists which messages the request holds.
 */
public final class Compactor {
  /** Tool outputs longer than this many characters are cut first. */
  public static final int CUT_OVER = 1_000;

  static final int KEEP_HEAD = 400;
  static final int KEEP_TAIL = 200;
  public static final String SUMMARY_HEADER =
      "Summary of the earlier conversation, condensed to fit the context window:\n\n";

  private final long contextWindow;
  private final double threshold;
  private final Summarizer summarizer;

  /**
   * @param threshold the share of the window a request may fill, between 0 and 1
   */
  public Compactor(long contextWindow, double threshold, Summarizer summarizer) {
    if (contextWindow < 1) {
      throw new IllegalArgumentException("the context window must be at least 1 token");
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("the compaction threshold must be in (0, 1]");
    }
    this.contextWindow = contextWindow;
    this.threshold = threshold;
    this.summarizer = summarizer;
  }

  /**
   * What compaction did.
   *
   * @param added new messages to append to the run, numbered from the log's size on
   * @param window the message numbers the next request holds, in order
   */
  public record Result(
      List<Message> added,
      List<Integer> window,
      long tokensBefore,
      long tokensAfter,
      long contextWindow,
      int outputsCut,
      int messagesSummarized,
      Integer summaryIndex,
      Usage summaryUsage) {}

  public long contextWindow() {
    return contextWindow;
  }

  public long limit() {
    return (long) Math.floor(contextWindow * threshold);
  }

  /** Empty when the request fits, or when there is nothing older to condense. */
  public Optional<Result> compact(List<Message> log, List<Integer> window, List<ToolSpec> tools) {
    long before = TokenEstimate.of(messages(log, window, List.of()), tools);
    if (before <= limit()) {
      return Optional.empty();
    }
    int tailStart = tailStart(log, window);
    List<Message> added = new ArrayList<>();
    List<Integer> cutWindow = new ArrayList<>(window);
    int cut = 0;
    for (int pos = 1; pos < tailStart; pos++) {
      Message message = log.get(window.get(pos));
      if (message.role() == Role.TOOL && length(message) > CUT_OVER) {
        added.add(cutOutput(message));
        cutWindow.set(pos, log.size() + added.size() - 1);
        cut++;
      }
    }
    long after = TokenEstimate.of(messages(log, cutWindow, added), tools);
    List<Integer> kept = cutWindow;
    int tailFrom = tailStart;
    int summarized = 0;
    Integer summaryIndex = null;
    Usage summaryUsage = Usage.ZERO;
    if (after > limit() && tailStart - 1 >= 2) {
      List<Message> condensed = messages(log, cutWindow.subList(1, tailStart), added);
      Summarizer.Summary summary = summarizer.summarize(condensed);
      added.add(Message.user(SUMMARY_HEADER + summary.text()));
      summaryIndex = log.size() + added.size() - 1;
      kept = new ArrayList<>();
      kept.add(cutWindow.get(0));
      kept.add(summaryIndex);
      kept.addAll(cutWindow.subList(tailStart, cutWindow.size()));
      tailFrom = 2;
      summarized = condensed.size();
      summaryUsage = summary.usage();
      after = TokenEstimate.of(messages(log, kept, added), tools);
    }
    // still over the window: the newest tool outputs are cut too, the latest first
    for (int pos = kept.size() - 1; pos >= tailFrom && after > contextWindow; pos--) {
      Message message = messages(log, kept.subList(pos, pos + 1), added).get(0);
      if (message.role() == Role.TOOL && length(message) > CUT_OVER) {
        added.add(cutOutput(message));
        kept.set(pos, log.size() + added.size() - 1);
        cut++;
        after = TokenEstimate.of(messages(log, kept, added), tools);
      }
    }
    if (cut == 0 && summaryIndex == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Result(
            added,
            kept,
            before,
            after,
            contextWindow,
            cut,
            summarized,
            summaryIndex,
            summaryUsage));
  }

  /** The size of the request a window names, as compaction estimates it. */
  public static long estimate(List<Message> log, List<Integer> window, List<ToolSpec> tools) {
    return TokenEstimate.of(messages(log, window, List.of()), tools);
  }

  /** Where the kept tail begins: the latest assistant turn, else the latest user message. */
  private static int tailStart(List<Message> log, List<Integer> window) {
    for (Role role : List.of(Role.ASSISTANT, Role.USER)) {
      for (int pos = window.size() - 1; pos >= 1; pos--) {
        if (log.get(window.get(pos)).role() == role) {
          return pos;
        }
      }
    }
    return window.size();
  }

  private static Message cutOutput(Message message) {
    String text = message.content();
    int dropped = text.length() - KEEP_HEAD - KEEP_TAIL;
    String shorter =
        text.substring(0, KEEP_HEAD)
            + "\n[... "
            + dropped
            + " characters cut to fit the context window ...]\n"
            + text.substring(text.length() - KEEP_TAIL);
    return Message.tool(message.toolCallId(), message.name(), shorter);
  }

  private static int length(Message message) {
    return message.content() == null ? 0 : message.content().length();
  }

  /** The messages a window names; numbers past the log are the {@code added} ones. */
  private static List<Message> messages(
      List<Message> log, List<Integer> window, List<Message> added) {
    List<Message> out = new ArrayList<>(window.size());
    for (int index : window) {
      out.add(index < log.size() ? log.get(index) : added.get(index - log.size()));
    }
    return out;
  }
}
