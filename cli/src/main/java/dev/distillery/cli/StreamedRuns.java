package dev.distillery.cli;

import dev.distillery.export.ExportOptions;
import dev.distillery.export.select.Selection;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.RunStream;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.TraceEvent;
import dev.distillery.trace.TraceRepository;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The runs an export walks through, streamed from the store in one ordered pass ({@link
 * RunStream}); as a repository it answers for the current run from memory and for anything else
 * from the store. Each {@link #iterator} opens a new pass; {@link #close} ends an unfinished one.
 */
public final class StreamedRuns implements TraceRepository, Iterable<Run>, AutoCloseable {
  private final DuckDbTraceStore store;
  private final String where;
  private final String orderBy;
  private final Predicate<Run> keep;
  private final RunStream.Reading reading;
  private final String contentWhere;
  private RunStream open;
  private RunStream.RunTrace current;

  /**
   * @param where a predicate over the runs view, or null for all
   * @param orderBy the order of the runs, SQL over the runs view
   * @param keep the selection's filters that are not SQL
   * @param reading how much of each run to read: a run's events are its last exchange alone with
   *     {@link RunStream.Reading#CONVERSATION}
   */
  StreamedRuns(
      DuckDbTraceStore store,
      String where,
      String orderBy,
      Predicate<Run> keep,
      RunStream.Reading reading) {
    this(store, where, orderBy, keep, reading, null);
  }

  /**
   * @param contentWhere SQL over the runs table: only these runs' events and messages are read with
   *     the stream; another run's are read from the store if asked for. Null for all
   */
  StreamedRuns(
      DuckDbTraceStore store,
      String where,
      String orderBy,
      Predicate<Run> keep,
      RunStream.Reading reading,
      String contentWhere) {
    this.store = store;
    this.where = where;
    this.orderBy = orderBy;
    this.keep = keep;
    this.reading = reading;
    this.contentWhere = contentWhere;
  }

  /**
   * The runs an export reads: in {@link ExportCommand#ORDER}, as much of each as the format needs,
   * events and messages only for runs the dataset can take ({@link Selection#contentFilter}).
   */
  public static StreamedRuns forExport(
      DuckDbTraceStore store, String where, Predicate<Run> keep, ExportOptions options) {
    return new StreamedRuns(
        store,
        where,
        ExportCommand.ORDER,
        keep,
        options.format().everyEvent()
            ? RunStream.Reading.EVERY_EVENT
            : RunStream.Reading.CONVERSATION,
        new Selection(options).contentFilter());
  }

  /** Every run, in {@link ExportCommand#ORDER}, with every event (the export benchmark's read). */
  public static StreamedRuns everyRun(DuckDbTraceStore store) {
    return new StreamedRuns(
        store, null, ExportCommand.ORDER, run -> true, RunStream.Reading.EVERY_EVENT);
  }

  @Override
  public Iterator<Run> iterator() {
    close();
    RunStream stream = store.stream(where, orderBy, reading, contentWhere);
    open = stream;
    return new Iterator<>() {
      // read one run ahead; it becomes the repository's current run only when handed out, since
      // the exporter asks for a run's events after next() gave it the run
      private RunStream.RunTrace ahead = advance();

      private RunStream.RunTrace advance() {
        while (stream.hasNext()) {
          RunStream.RunTrace trace = stream.next();
          if (keep.test(trace.run())) {
            return trace;
          }
        }
        stream.close();
        return null;
      }

      @Override
      public boolean hasNext() {
        return ahead != null;
      }

      @Override
      public Run next() {
        if (ahead == null) {
          throw new NoSuchElementException();
        }
        current = ahead;
        ahead = advance();
        return current.run();
      }
    };
  }

  @Override
  public void close() {
    if (open != null) {
      open.close();
      open = null;
    }
    current = null;
  }

  private boolean isCurrent(String runId) {
    return current != null && current.run().id().equals(runId);
  }

  // events or messages asked for a run the stream had not read them for
  private int readFromStore;

  /** The current run, when the stream read its events and messages. */
  private boolean hasContent(String runId) {
    boolean streamed = isCurrent(runId) && current.hasContent();
    if (!streamed) {
      readFromStore++;
    }
    return streamed;
  }

  /** How often a run's events or messages had to be read from the store, outside the stream. */
  int readFromStore() {
    return readFromStore;
  }

  /**
   * The current run's events. They are decoded when the list is first read, not here: the exporter
   * takes the list on its reading thread and reads it on a worker.
   */
  @Override
  public List<TraceEvent> events(String runId) {
    return hasContent(runId) ? deferred(current::events) : store.events(runId);
  }

  /** The current run's message log, rebuilt when first read, as {@link #events}. */
  @Override
  public List<Message> messages(String runId) {
    return hasContent(runId) ? deferred(current::messages) : store.messages(runId);
  }

  /** A list that asks {@code source} for its contents on each read; the source keeps them. */
  private static <T> List<T> deferred(Supplier<List<T>> source) {
    return new AbstractList<>() {
      @Override
      public T get(int index) {
        return source.get().get(index);
      }

      @Override
      public int size() {
        return source.get().size();
      }
    };
  }

  @Override
  public List<Annotation> annotations(String runId) {
    return isCurrent(runId) ? current.annotations() : store.annotations(runId);
  }

  @Override
  public List<Run> runs(RunFilter filter) {
    return store.runs(filter);
  }

  @Override
  public long countRuns(RunFilter filter) {
    return store.countRuns(filter);
  }

  @Override
  public Optional<Run> run(String idOrPrefix) {
    return isCurrent(idOrPrefix) ? Optional.of(current.run()) : store.run(idOrPrefix);
  }

  @Override
  public void annotate(Annotation annotation) {
    store.annotate(annotation);
  }
}
