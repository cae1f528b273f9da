package dev.distillery.store;

/**
 * What {@link StoreBenchmark#run} measured.
 *
 * @param storeEventsPerSecond events per second through {@link DuckDbTraceStore#recordAll}
 * @param appenderEventsPerSecond the same rows per second through a bare DuckDB Appender
 * @param ratio store rate divided by Appender rate
 * @param p50Millis median time of one durable {@link DuckDbTraceStore#record} call
 * @param p99Millis 99th percentile of the same
 */
public record BenchResult(
    int events,
    int batchSize,
    double storeEventsPerSecond,
    double appenderEventsPerSecond,
    double ratio,
    int latencySamples,
    double p50Millis,
    double p99Millis) {}
