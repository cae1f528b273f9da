package dev.distillery.cli;

/**
 * A command that lives outside the product, found with a {@link java.util.ServiceLoader} when its
 * jar is on the class path: the bench module's {@code distillery bench}, which the launcher puts
 * beside the command line's jar.
 */
public interface CommandProvider {
  /** The command's name on the command line. */
  String name();

  /** A new picocli command object ({@code @Command}) that runs in this context. */
  Object command(Context context);
}
