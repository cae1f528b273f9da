package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on a tiny load; speed itself is not asserted. */
class StoreBenchmarkTest {
  @TempDir Path dir;

  @Test
  void should_measure_both_writers_and_clean_up() throws IOException {
    BenchResult result = StoreBenchmark.run(dir, 500, 100, 20);

    assertEquals(500, result.events());
    assertEquals(100, result.batchSize());
    assertEquals(20, result.latencySamples());
    assertTrue(result.storeEventsPerSecond() > 0, result.toString());
    assertTrue(result.appenderEventsPerSecond() > 0, result.toString());
    assertTrue(result.ratio() > 0, result.toString());
    assertTrue(result.p50Millis() > 0, result.toString());
    assertTrue(result.p99Millis() >= result.p50Millis(), result.toString());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "benchmark files were left behind");
    }
  }

  @Test
  void should_make_runs_of_twenty_events_with_all_their_messages() {
    var events = new SyntheticRuns(1).events(40);

    assertEquals(40, events.size());
    assertEquals(events.get(0).runId(), events.get(19).runId());
    assertEquals(0, events.get(20).seq());
    long messages =
        events.subList(0, 20).stream().mapToLong(e -> EventCodec.encode(e).messages().size()).sum();
    assertEquals(9, messages);
  }
}
