package dev.distillery.runtime.durable;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Takes a workspace snapshot into a directory, and restores one into a workspace. */
final class Snapshots {
  /**
   * A file whose size and modification time match the previous snapshot's copy is taken as
   * unchanged only when that time is this much older than the previous snapshot: file times are
   * coarse (a few milliseconds), so a file rewritten just after a snapshot may keep its time.
   * Younger files are compared byte by byte.
   */
  private static final long RACY_MILLIS = 2_000;

  private Snapshots() {}

  /** A snapshot taken earlier, and when it was taken. */
  record Previous(Path directory, long takenAtMillis) {}

  /**
   * Whether the workspace holds at most {@code maxFiles} files of at most {@code maxBytes} in all;
   * the walk stops as soon as it is over either.
   */
  static boolean within(Path workspace, long maxFiles, long maxBytes, Set<Path> excluded) {
    if (!Files.isDirectory(workspace)) {
      return true;
    }
    long[] files = {0};
    long[] bytes = {0};
    try {
      Files.walkFileTree(
          workspace,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              return excluded.contains(dir.toAbsolutePath().normalize())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              files[0]++;
              bytes[0] += attributes.size();
              return files[0] > maxFiles || bytes[0] > maxBytes
                  ? FileVisitResult.TERMINATE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // the snapshot itself will say what it cannot read
            }
          });
    } catch (IOException e) {
      return true;
    }
    return files[0] <= maxFiles && bytes[0] <= maxBytes;
  }

  /**
   * Copies the workspace into {@code target}; with a previous snapshot, unchanged files become hard
   * links to its copies.
   */
  static void take(Path workspace, Path target, Previous previous, Set<Path> excluded) {
    try {
      deleteTree(target);
      Files.createDirectories(target);
      Files.walkFileTree(workspace, new Copier(workspace, target, previous, excluded));
    } catch (IOException e) {
      throw new SnapshotException(
          "cannot snapshot workspace " + workspace + " into " + target + ": " + e, e);
    }
  }

  /**
   * Makes the workspace hold exactly what the snapshot holds (copies, never links); the excluded
   * paths (the store, the snapshots) are left alone.
   */
  static void restore(Path snapshot, Path workspace, Set<Path> excluded) {
    if (!Files.isDirectory(snapshot)) {
      throw new SnapshotException(
          "the workspace snapshot " + snapshot + " is gone; the run cannot be restored from it",
          null);
    }
    try {
      Files.createDirectories(workspace);
      try (Stream<Path> children = Files.list(workspace)) {
        for (Path child : children.toList()) {
          if (!excluded.contains(child.toAbsolutePath().normalize())) {
            deleteTree(child);
          }
        }
      }
      Files.walkFileTree(snapshot, new Copier(snapshot, workspace, null, Set.of()));
    } catch (IOException e) {
      throw new SnapshotException(
          "cannot restore workspace " + workspace + " from " + snapshot + ": " + e, e);
    }
  }

  static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static final class Copier extends SimpleFileVisitor<Path> {
    private final Path from;
    private final Path to;
    private final Previous previous;
    private final Set<Path> excluded;

    Copier(Path from, Path to, Previous previous, Set<Path> excluded) {
      this.from = from;
      this.to = to;
      this.previous = previous;
      this.excluded = excluded;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
        throws IOException {
      if (excluded.contains(dir.toAbsolutePath().normalize())) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      Files.createDirectories(to.resolve(from.relativize(dir).toString()));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      if (excluded.contains(file.toAbsolutePath().normalize())) {
        return FileVisitResult.CONTINUE;
      }
      String relative = from.relativize(file).toString();
      Path target = to.resolve(relative);
      if (attrs.isRegularFile() && previous != null) {
        Path earlier = previous.directory().resolve(relative);
        if (unchanged(file, attrs, earlier)) {
          Files.createLink(target, earlier);
          return FileVisitResult.CONTINUE;
        }
      }
      Files.copy(file, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
      return FileVisitResult.CONTINUE;
    }

    private boolean unchanged(Path file, BasicFileAttributes attrs, Path earlier)
        throws IOException {
      if (!Files.isRegularFile(earlier, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      BasicFileAttributes old =
          Files.readAttributes(earlier, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      // to the microsecond: on some JDKs and filesystems a copy keeps no finer time
      if (old.size() != attrs.size()
          || old.lastModifiedTime().to(TimeUnit.MICROSECONDS)
              != attrs.lastModifiedTime().to(TimeUnit.MICROSECONDS)) {
        return false;
      }
      long modified = attrs.lastModifiedTime().toMillis();
      return modified < previous.takenAtMillis() - RACY_MILLIS
          || Files.mismatch(file, earlier) == -1;
    }
  }
}
