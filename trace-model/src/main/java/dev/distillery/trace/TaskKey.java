package dev.distillery.trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * What makes two runs attempts at the same task: the task id, or for ad-hoc runs the hash of the
 * prompt. Splits and preference pairs are decided by it, never by the attempt; {@link #ORDER} keeps
 * the attempts at each task and prompt together.
 */
public final class TaskKey {
  private TaskKey() {}

  /**
   * Runs by {@link #withPrompt}, then start time, then id: the attempts at each task and prompt one
   * after another ({@link RunQuery.Order#TASK_KEY}). A store that sorts in SQL sorts by the same
   * keys; the repository contract test holds it to this comparator.
   */
  public static final Comparator<Run> ORDER =
      Comparator.comparing((Run run) -> withPrompt(run.spec()))
          .thenComparing(Run::startedAt)
          .thenComparing(Run::id);

  /** {@code task:<id>}, or {@code prompt:<sha-256 of the prompt>} for a run without a task. */
  public static String of(RunSpec spec) {
    return spec.taskId() != null ? "task:" + spec.taskId() : "prompt:" + sha256(spec.taskPrompt());
  }

  /** The task and the prompt: preference pairs need both to be the same. */
  public static String withPrompt(RunSpec spec) {
    return of(spec) + "|" + sha256(spec.taskPrompt());
  }

  /** The SHA-256 of the text's UTF-8 bytes. */
  public static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static String sha256(String text) {
    return HexFormat.of().formatHex(digest(text));
  }
}
