package dev.distillery.runtime.durable;

import dev.distillery.runtime.loop.Checkpointer;
import dev.distillery.trace.EventPayload;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkpoints with workspace snapshots under one root: {@code ROOT/RUN/SEQ}, one directory per
 * checkpoint event. Safe for the attempts of a suite running at once (each has its own run).
 */
public final class WorkspaceCheckpointer implements Checkpointer {
  private final Path root;
  private final SnapshotMode mode;
  private final Set<Path> excluded;
  private final Map<String, Snapshots.Previous> previous = new ConcurrentHashMap<>();
  private final Limit limit;
  // runs whose workspace was over the limit at their first snapshot: they keep none
  private final Set<String> tooLarge = ConcurrentHashMap.newKeySet();

  /**
   * The largest workspace snapshotted: a run that starts in a bigger one (an ad-hoc run in a large
   * repository) records checkpoints without a snapshot, rather than copying it at every step.
   */
  public record Limit(long maxFiles, long maxBytes) {
    public static final Limit DEFAULT = new Limit(20_000, 256L * 1024 * 1024);
    public static final Limit NONE = new Limit(Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /**
   * @param excluded paths never snapshotted nor deleted by a restore, such as the store's own files
   *     when the workspace holds them; the root is always excluded
   */
  public WorkspaceCheckpointer(Path root, SnapshotMode mode, Set<Path> excluded) {
    this(root, mode, excluded, Limit.DEFAULT);
  }

  public WorkspaceCheckpointer(Path root, SnapshotMode mode, Set<Path> excluded, Limit limit) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.mode = Objects.requireNonNull(mode, "mode");
    Set<Path> all = new HashSet<>();
    all.add(this.root);
    excluded.forEach(path -> all.add(path.toAbsolutePath().normalize()));
    this.excluded = Set.copyOf(all);
  }

  public Path root() {
    return root;
  }

  public SnapshotMode mode() {
    return mode;
  }

  @Override
  public EventPayload.Checkpoint take(
      String runId, long seq, int step, int messages, Path workingDirectory) {
    if (mode == SnapshotMode.OFF || tooLarge.contains(runId)) {
      return new EventPayload.Checkpoint(step, messages, null, SnapshotMode.OFF.wire());
    }
    if (!previous.containsKey(runId)
        && !Snapshots.within(workingDirectory, limit.maxFiles(), limit.maxBytes(), excluded)) {
      tooLarge.add(runId);
      return new EventPayload.Checkpoint(step, messages, null, SnapshotMode.OFF.wire());
    }
    Path target = root.resolve(runId).resolve(String.format("%06d", seq));
    long now = System.currentTimeMillis();
    Snapshots.take(
        workingDirectory, target, mode == SnapshotMode.LINK ? previous.get(runId) : null, excluded);
    previous.put(runId, new Snapshots.Previous(target, now));
    return new EventPayload.Checkpoint(step, messages, target.toString(), mode.wire());
  }

  /**
   * Restores a run's workspace from a checkpoint's snapshot; its next snapshot links to this one.
   */
  public void restore(String runId, Path snapshot, Path workingDirectory) {
    long now = System.currentTimeMillis();
    Snapshots.restore(snapshot, workingDirectory, excluded);
    previous.put(runId, new Snapshots.Previous(snapshot, now));
  }

  /** Forgets a run (its snapshots stay on disk). */
  public void forget(String runId) {
    previous.remove(runId);
    tooLarge.remove(runId);
  }
}
