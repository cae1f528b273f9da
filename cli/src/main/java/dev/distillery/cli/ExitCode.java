package dev.distillery.cli;

/** The exit codes of the command line, one meaning each. */
public final class ExitCode {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** A user's mistake or the environment (bad file, locked store, unreachable model). */
  public static final int ERROR = 1;

  /**
   * The command line itself was wrong: an unknown option, a missing argument, or a value an option
   * cannot take ({@link UsageException}).
   */
  public static final int USAGE = 2;

  /** The agent ran and was recorded, but the run did not succeed. */
  public static final int RUN_FAILED = 3;

  /** A bug: something we did not expect. */
  public static final int INTERNAL = 70;

  /** Stopped by Ctrl-C; what was committed is kept. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
