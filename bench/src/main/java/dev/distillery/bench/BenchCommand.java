package dev.distillery.bench;

import dev.distillery.cli.Context;
import picocli.CommandLine.Command;

/** {@code distillery bench}: measurements, each beside a baseline taken in the same run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure Distillery beside a baseline measured in the same run.",
    subcommands = {
      StoreBenchCommand.class,
      SuiteBenchCommand.class,
      ViewsBenchCommand.class,
      ExportBenchCommand.class,
      SoakBenchCommand.class,
      UiBenchCommand.class,
      LearnBenchCommand.class,
      JudgeBenchCommand.class,
      ProxyBenchCommand.class,
      OtlpBenchCommand.class,
      StartupBenchCommand.class,
      ScaleBenchCommand.class
    })
final class BenchCommand {
  final Context context;

  BenchCommand(Context context) {
    this.context = context;
  }
}
