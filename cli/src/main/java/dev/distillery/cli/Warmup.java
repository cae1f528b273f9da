package dev.distillery.cli;

import java.util.List;
import java.util.Set;

/**
 * Starts, on background threads, the slow one-time set-ups a command is about to need, so that they
 * overlap with parsing the command line and with each other instead of running one after another on
 * the main thread: DuckDB's native library (about 60 MB to map and link) and the HTTP client's TLS
 * set-up (the JDK's trust store). A class's initialisation runs once whichever thread gets there
 * first; the main thread waits for it only if it arrives before the warm-up is done. Nothing is
 * warmed for {@code --help}, {@code models} or a command it does not know, nor with {@code
 * -Ddistillery.warmup=false} (to measure without it).
 */
final class Warmup {
  private static final String DUCKDB = "org.duckdb.DuckDBNative";
  private static final String HTTP = "dev.distillery.runtime.model.openai.OpenAiCompatibleClient";
  private static final Set<String> MODEL_COMMANDS =
      Set.of("run", "chat", "resume", "fork", "retry");
  private static final Set<String> STORE_COMMANDS =
      Set.of("demo", "runs", "show", "sql", "failures", "export", "serve");

  private Warmup() {}

  /** Warms what the command named in {@code args} needs; returns the classes it warms. */
  static List<String> forCommand(String... args) {
    List<String> words = List.of(args);
    if (words.contains("--help")
        || words.contains("-h")
        || "false".equals(System.getProperty("distillery.warmup"))) {
      return List.of();
    }
    String command = words.stream().filter(word -> !word.startsWith("-")).findFirst().orElse("");
    List<String> classes =
        MODEL_COMMANDS.contains(command)
            ? words.contains("--script") ? List.of(DUCKDB) : List.of(DUCKDB, HTTP)
            : STORE_COMMANDS.contains(command) ? List.of(DUCKDB) : List.of();
    classes.forEach(Warmup::initialise);
    return classes;
  }

  private static void initialise(String className) {
    Thread thread =
        new Thread(
            () -> {
              try {
                Class.forName(className, true, Warmup.class.getClassLoader());
              } catch (ClassNotFoundException | LinkageError e) {
                // the command meets the same failure where it needs the class, and reports it
              }
            },
            "distillery-warmup");
    thread.setDaemon(true);
    thread.start();
  }
}
