package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.DistilleryException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

/**
 * How other commands find the {@code distillery serve} that holds a store: {@code
 * <store>.serve.json} beside the file, readable by its owner only (it holds the token), written
 * once the server listens and removed when it stops.
 *
 * @param token the server's token, or null when it has none
 */
record ServeFile(URI url, String token, long pid, Path store) {
  static final String SUFFIX = ".serve.json";
  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);
  static final Duration INGEST_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How long a command that found the store locked looks for a server that is opening it: serve
   * holds the file before it listens and writes this file.
   */
  static final Duration STARTING = Duration.ofSeconds(5);

  static Path pathFor(Path store) {
    Path absolute = store.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + SUFFIX);
  }

  /** The live server of this store, when its file names a running process that says so. */
  static Optional<ServeFile> find(Path store) {
    Optional<ServeFile> file = read(store);
    if (file.isEmpty()
        || !ProcessHandle.of(file.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
      return Optional.empty();
    }
    try {
      IngestClient.Health health =
          new IngestClient(file.get().url(), file.get().token(), HEALTH_TIMEOUT).health();
      boolean same =
          health.ingest()
              && health.pid() == file.get().pid()
              && file.get().store().toString().equals(health.store());
      return same ? file : Optional.empty();
    } catch (IngestException e) {
      return Optional.empty();
    }
  }

  /**
   * The live server of this store, waiting up to {@link #STARTING} for one that already holds the
   * file (the caller found it locked) but has not yet said where it listens; empty when none comes,
   * or when the wait is interrupted.
   */
  static Optional<ServeFile> await(Path store) {
    long deadline = System.nanoTime() + STARTING.toNanos();
    while (true) {
      Optional<ServeFile> server = find(store);
      if (server.isPresent() || System.nanoTime() >= deadline) {
        return server;
      }
      try {
        // the serve file appears once the server listens; nothing to wait on but the file itself
        Thread.sleep(Serving.LOCK_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  static Optional<ServeFile> read(Path store) {
    Path path = pathFor(store);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(path.toFile());
      return Optional.of(
          new ServeFile(
              URI.create(node.path("url").asText()),
              node.path("token").isTextual() ? node.path("token").asText() : null,
              node.path("pid").asLong(-1),
              Path.of(node.path("store").asText())));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A client that records through this server. */
  IngestClient client() {
    return new IngestClient(url, token, INGEST_TIMEOUT);
  }

  void write() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("url", url.toString());
    node.put("token", token);
    node.put("pid", pid);
    node.put("store", store.toString());
    Path path = pathFor(store);
    try {
      Path temp = Files.createTempFile(path.getParent(), ".serve", ".tmp");
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(
          temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DistilleryException("could not write " + path + ": " + e.getMessage(), e);
    }
  }

  /** Removes the file, if it is still this server's. */
  void delete() {
    try {
      if (read(store).map(other -> other.pid() == pid && other.url().equals(url)).orElse(false)) {
        Files.deleteIfExists(pathFor(store));
      }
    } catch (IOException e) {
      // a stale file is ignored by clients: its process is gone
    }
  }
}
