package dev.distillery.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import dev.distillery.annotate.AnnotateOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the launcher ({@code ./distillery}) prepares once per build for a faster start (README,
 * "Start-up"), in two steps it runs as {@code java -cp JAR dev.distillery.cli.LaunchLayout}:
 *
 * <ul>
 *   <li>{@code make JAR DIR}: {@code DIR/distillery.jar} is JAR without DuckDB's native libraries,
 *       with this platform's library beside it, where DuckDB's driver loads it from when the jar
 *       has none (instead of unpacking 57 MB into a temp file at every start).
 *   <li>{@code train}: the commands people start most, in this process against a throw-away store
 *       and a local fake model, so that {@code -XX:ArchiveClassesAtExit} archives their classes.
 * </ul>
 */
final class LaunchLayout {
  private LaunchLayout() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("make")) {
      make(Path.of(args[1]), Path.of(args[2]));
    } else if (args.length == 1 && args[0].equals("train")) {
      train();
    } else {
      System.err.println("usage: LaunchLayout make JAR DIR | train");
      System.exit(ExitCode.USAGE);
    }
    System.exit(ExitCode.OK);
  }

  static void make(Path jar, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path thin = dir.resolve("distillery.jar");
    Files.copy(jar, thin, REPLACE_EXISTING);
    boolean found = false;
    try (FileSystem zip = FileSystems.newFileSystem(thin);
        Stream<Path> entries = Files.list(zip.getPath("/"))) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.startsWith("libduckdb_java.so_")) {
          if (name.equals(nativeLibrary())) {
            Files.copy(entry, dir.resolve(name), REPLACE_EXISTING);
            found = true;
          }
          Files.delete(entry);
        }
      }
    }
    if (!found) {
      throw new IllegalStateException("no " + nativeLibrary() + " in " + jar);
    }
  }

  /** The name DuckDB's driver gives this platform's library (as its {@code DuckDBNative} does). */
  static String nativeLibrary() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).trim();
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT).trim();
    String osName = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "osx" : "linux";
    String archName =
        osName.equals("osx")
            ? "universal"
            : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    return "libduckdb_java.so_" + osName + "_" + archName;
  }

  static void train() throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path work = Files.createTempDirectory("distillery-train");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, UTF_8);
    Context context = new Context(Map.of(), InputStream.nullInputStream(), work, false);
    String store = work.resolve("train.duckdb").toString();
    try (FakeModelServer model =
        FakeModelServer.start(
            List.of(
                new FakeModelServer.Reply(null, "list_files", "{\"path\": \".\"}"),
                FakeModelServer.Reply.text("done")))) {
      execute(context, quiet, "--help");
      execute(context, quiet, "run", "--help");
      execute(context, quiet, "models");
      String[] run = {"run", "-p", "list", "-m", "t", "--base-url", model.baseUrl(), "--store"};
      execute(context, quiet, concat(run, store));
      model.reset();
      execute(context, quiet, concat(run, store, "--no-stream"));
      execute(context, quiet, "runs", "--store", store);
      execute(context, quiet, "sql", "--store", store, "select count(*) from events");
      execute(context, quiet, "failures", "--store", store);
      try (Serving serving =
          Serving.start(
              Path.of(store),
              "127.0.0.1",
              0,
              new AnnotateOptions("train", null),
              new PrintWriter(quiet, true))) {
        get("http://127.0.0.1:" + serving.port() + "/");
      }
    } finally {
      TempFiles.deleteTree(work);
    }
  }

  /** One training command; a failed one fails the training, so no archive is made of it. */
  private static void execute(Context context, PrintStream quiet, String... args) {
    int code = Main.execute(context, quiet, quiet, args);
    if (code != ExitCode.OK) {
      throw new IllegalStateException(String.join(" ", args) + " exited " + code);
    }
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  private static void get(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    try (InputStream in = connection.getInputStream()) {
      in.transferTo(OutputStream.nullOutputStream());
    } finally {
      connection.disconnect();
    }
  }
}
