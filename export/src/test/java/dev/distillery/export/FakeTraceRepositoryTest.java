package dev.distillery.export;

import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceRepositoryContract;
import dev.distillery.trace.TraceSink;

/** The export tests' repository in memory answers as every repository must. */
class FakeTraceRepositoryTest extends TraceRepositoryContract {
  private final FakeTraceRepository fake = new FakeTraceRepository();

  @Override
  protected TraceRepository repository() {
    return fake;
  }

  @Override
  protected TraceSink sink() {
    return fake::recordAndFold;
  }
}
