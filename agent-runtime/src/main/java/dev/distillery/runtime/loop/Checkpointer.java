package dev.distillery.runtime.loop;

import dev.distillery.trace.EventPayload;
import java.nio.file.Path;

/**
 * Makes a checkpoint after each completed step of a run: keeps what the workspace holds now and
 * says where. The loop records what it returns; {@link #NONE} makes no checkpoints at all.
 */
public interface Checkpointer {
  Checkpointer NONE = (runId, seq, step, messages, workingDirectory) -> null;

  /**
   * @param seq the seq number the checkpoint event will have
   * @param step assistant turns in the conversation so far
   * @param messages messages in the conversation so far
   * @return the checkpoint to record, or null to record none
   */
  EventPayload.Checkpoint take(
      String runId, long seq, int step, int messages, Path workingDirectory);
}
