package dev.distillery.cli;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceRepositoryContract;
import dev.distillery.trace.TraceSink;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository the export tests read a store through, its query unchanged, answers as every
 * repository must: what they compare is the store's stream, nothing of the wrapper's own.
 */
class RequeriedTest extends TraceRepositoryContract {
  @TempDir Path dir;
  private DuckDbTraceStore store;
  private Requeried requeried;

  @BeforeEach
  void open() {
    store = DuckDbTraceStore.open(dir.resolve("r.duckdb"));
    requeried = new Requeried(store, query -> query);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected TraceRepository repository() {
    return requeried;
  }

  @Override
  protected TraceSink sink() {
    return store;
  }
}
