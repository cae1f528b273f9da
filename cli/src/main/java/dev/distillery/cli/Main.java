package dev.distillery.cli;

import dev.distillery.trace.DistilleryException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code distillery} command. Only {@link #main} calls {@code System.exit}. */
@Command(
    name = "distillery",
    mixinStandardHelpOptions = true,
    version = "distillery 0.1.0",
    description = "Record what an LLM agent does, label it, and turn it into training data.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ResumeCommand.class,
      ForkCommand.class,
      RetryCommand.class,
      ChatCommand.class,
      RunsCommand.class,
      ShowCommand.class,
      SqlCommand.class,
      FailuresCommand.class,
      ExportCommand.class,
      ServeCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  final Context context;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "On an error, print the whole stack trace too.")
  boolean verbose;

  Main(Context context) {
    this.context = context;
  }

  public static void main(String[] args) {
    // the web server logs through slf4j-simple: warnings and errors only, on stderr
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(Context.system(), out, err, args));
  }

  /** Runs one command line and returns its exit code; everything it prints goes to out and err. */
  static int execute(Context context, PrintStream out, PrintStream err, String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    CommandLine commandLine = new CommandLine(new Main(context));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setParameterExceptionHandler(
        (ex, args1) -> {
          PrintWriter writer = ex.getCommandLine().getErr();
          writer.println("distillery: " + ex.getMessage());
          writer.println(
              "Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (ex, cl, parseResult) -> report(ex, cl.getErr(), verbose));
    return commandLine.execute(args);
  }

  private static int report(Exception ex, PrintWriter err, boolean verbose) {
    if (ex instanceof DistilleryException) {
      err.println("distillery: " + ex.getMessage());
    } else {
      err.println(
          "distillery: unexpected error: "
              + ex
              + (verbose ? "" : " (a bug: please report it; --verbose shows the stack)"));
    }
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ex instanceof DistilleryException ? ExitCode.ERROR : ExitCode.INTERNAL;
  }
}
