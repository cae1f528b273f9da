package dev.distillery.cli;

import dev.distillery.trace.DistilleryException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code distillery} command. Only {@link #main} calls {@code System.exit}. Commands outside
 * the product ({@code bench}) join it through {@link CommandProvider} when their jar is on the
 * class path.
 */
@Command(
    name = "distillery",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Record what an LLM agent does, label it, and turn it into training data.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ResumeCommand.class,
      ForkCommand.class,
      RetryCommand.class,
      ChatCommand.class,
      ModelsCommand.class,
      RunsCommand.class,
      ShowCommand.class,
      SqlCommand.class,
      FailuresCommand.class,
      LabelCommand.class,
      LabelsCommand.class,
      JudgeCommand.class,
      AgreementCommand.class,
      StatsCommand.class,
      ExportCommand.class,
      LakeCommand.class,
      LearnCommand.class,
      SkillsCommand.class,
      ServeCommand.class
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
    Warmup.forCommand(args);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(Context.system(), out, err, args));
  }

  /** The whole command line: the product's commands, those found on the class path, then help. */
  static CommandLine commandLine(Context context) {
    CommandLine commandLine = new CommandLine(new Main(context));
    for (CommandProvider provider : ServiceLoader.load(CommandProvider.class)) {
      commandLine.addSubcommand(provider.name(), provider.command(context));
    }
    return commandLine.addSubcommand(new CommandLine.HelpCommand());
  }

  /** Runs one command line and returns its exit code; everything it prints goes to out and err. */
  public static int execute(Context context, PrintStream out, PrintStream err, String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    CommandLine commandLine = commandLine(context);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setParameterExceptionHandler(
        (ex, args1) -> usage(ex.getMessage(), ex.getCommandLine()));
    commandLine.setExecutionExceptionHandler(
        (ex, cl, parseResult) ->
            ex instanceof UsageException
                ? usage(ex.getMessage(), cl)
                : report(ex, cl.getErr(), verbose));
    return commandLine.execute(args);
  }

  /** A wrong command line: one line that says what and where to look, exit code 2. */
  private static int usage(String message, CommandLine command) {
    PrintWriter err = command.getErr();
    err.println(
        "distillery: "
            + message
            + " (see '"
            + command.getCommandSpec().qualifiedName()
            + " --help')");
    err.flush();
    return ExitCode.USAGE;
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
