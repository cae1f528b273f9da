package dev.distillery.runtime.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.EventPayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceCheckpointerTest {
  @TempDir Path dir;

  private Object inode(Path file) throws Exception {
    return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  @Test
  void should_keep_each_snapshot_as_it_was_when_a_tool_rewrites_a_file_in_place() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("notes.txt"), "alpha\n");
    Files.writeString(work.resolve("big.txt"), "unchanged\n");
    WorkspaceCheckpointer checkpoints =
        new WorkspaceCheckpointer(dir.resolve("snaps"), SnapshotMode.LINK, Set.of());

    Path first = Path.of(checkpoints.take("run", 3, 0, 1, work).snapshot());
    Path second = Path.of(checkpoints.take("run", 9, 1, 3, work).snapshot());
    // same length, same inode: only the bytes differ, as with `printf ... > notes.txt`
    Files.writeString(
        work.resolve("notes.txt"),
        "omega\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    Path third = Path.of(checkpoints.take("run", 15, 2, 5, work).snapshot());

    assertEquals("alpha\n", Files.readString(first.resolve("notes.txt")));
    assertEquals("alpha\n", Files.readString(second.resolve("notes.txt")));
    assertEquals("omega\n", Files.readString(third.resolve("notes.txt")));
    assertEquals(inode(first.resolve("big.txt")), inode(third.resolve("big.txt")), "linked");
    assertNotEquals(inode(work.resolve("big.txt")), inode(first.resolve("big.txt")));
  }

  @Test
  void should_restore_exactly_the_snapshot_and_leave_excluded_paths_alone() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path store = work.resolve("traces.duckdb");
    Files.writeString(store, "store bytes");
    Files.createDirectories(work.resolve("src"));
    Files.writeString(work.resolve("src/a.txt"), "a\n");
    WorkspaceCheckpointer checkpoints =
        new WorkspaceCheckpointer(work.resolve("snaps"), SnapshotMode.COPY, Set.of(store));
    EventPayload.Checkpoint checkpoint = checkpoints.take("run", 1, 0, 1, work);
    Path snapshot = Path.of(checkpoint.snapshot());
    Files.writeString(work.resolve("src/a.txt"), "changed\n");
    Files.writeString(work.resolve("later.txt"), "made after the checkpoint\n");
    Files.writeString(store, "store bytes, more of them");

    checkpoints.restore("run", snapshot, work);

    assertEquals("copy", checkpoint.snapshotMode());
    assertFalse(Files.exists(snapshot.resolve("traces.duckdb")), "the store is not snapshotted");
    assertFalse(Files.exists(snapshot.resolve("snaps")), "nor are the snapshots");
    assertEquals("a\n", Files.readString(work.resolve("src/a.txt")));
    assertFalse(Files.exists(work.resolve("later.txt")));
    assertEquals("store bytes, more of them", Files.readString(store));
    assertTrue(Files.isDirectory(work.resolve("snaps")));
  }

  @Test
  void should_record_a_checkpoint_without_a_snapshot_when_snapshots_are_off() {
    WorkspaceCheckpointer checkpoints =
        new WorkspaceCheckpointer(dir.resolve("snaps"), SnapshotMode.OFF, Set.of());

    EventPayload.Checkpoint checkpoint = checkpoints.take("run", 1, 2, 5, dir);

    assertNull(checkpoint.snapshot());
    assertEquals("off", checkpoint.snapshotMode());
    assertFalse(Files.exists(dir.resolve("snaps")));
  }

  @Test
  void should_keep_no_snapshots_of_a_workspace_over_the_limit() throws Exception {
    Path work = Files.createDirectories(dir.resolve("big"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(work.resolve("f" + i + ".txt"), "0123456789");
    }
    WorkspaceCheckpointer small =
        new WorkspaceCheckpointer(
            dir.resolve("snaps"),
            SnapshotMode.LINK,
            Set.of(),
            new WorkspaceCheckpointer.Limit(4, Long.MAX_VALUE));
    WorkspaceCheckpointer fits =
        new WorkspaceCheckpointer(
            dir.resolve("snaps2"),
            SnapshotMode.LINK,
            Set.of(),
            new WorkspaceCheckpointer.Limit(5, 50));

    EventPayload.Checkpoint first = small.take("run", 1, 0, 1, work);
    Files.delete(work.resolve("f0.txt"));
    EventPayload.Checkpoint later = small.take("run", 5, 1, 3, work);

    assertNull(first.snapshot(), "five files, four allowed");
    assertEquals("off", first.snapshotMode());
    assertNull(later.snapshot(), "a run without a first snapshot keeps none");
    assertFalse(Files.exists(dir.resolve("snaps")));
    Files.writeString(work.resolve("f0.txt"), "0123456789");
    assertEquals(
        "0123456789",
        Files.readString(Path.of(fits.take("run", 1, 0, 1, work).snapshot()).resolve("f0.txt")),
        "five files of 50 bytes fit a limit of five and 50");
  }
}
