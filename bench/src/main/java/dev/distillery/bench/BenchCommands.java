package dev.distillery.bench;

import dev.distillery.cli.CommandProvider;
import dev.distillery.cli.Context;

/**
 * Adds {@code distillery bench} to the command line when this module's jar is on the class path.
 */
public final class BenchCommands implements CommandProvider {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public Object command(Context context) {
    return new BenchCommand(context);
  }
}
