package dev.distillery.store;

import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the writer holds of the runs it saw start and that have not finished: each one's prompt and
 * searched texts, so that {@code run_finished} makes its search columns ({@link SearchText})
 * without reading its events back. A run it does not hold (started before the writer opened,
 * resumed after it finished, or let go to bound memory) has its texts read from its events once,
 * when it finishes ({@link RunSearch#read}). Changed only once the write that holds the event has
 * committed.
 */
final class RunTexts {
  /** Characters held in all; past it, the runs held longest are let go. */
  static final long BUDGET = 4L << 20;

  /** Runs with texts written while not held, remembered up to this many. */
  static final int UNHELD_MAX = 100_000;

  private final Map<String, Text> held = new LinkedHashMap<>();
  private long chars;

  /**
   * Runs that had a searched text written while they were not held: should one of them start after
   * that (out of order; Ingest refuses it), its texts are read at its finish. Once this set is
   * full, no new run is held.
   */
  private final Set<String> unheld = new HashSet<>();

  /** The texts of a run, or null when they are not held. */
  Text get(String runId) {
    return held.get(runId);
  }

  /** Whether a run that starts now can be held: no searched text of it was written before. */
  boolean mayHold(String runId) {
    return unheld.size() < UNHELD_MAX && !unheld.contains(runId);
  }

  /** Keeps up with one event written by itself, after its commit. */
  void written(TraceEvent event, EventRow row) {
    switch (RunUpdates.effect(event.kind())) {
      case STARTS -> {
        if (mayHold(event.runId())) {
          put(event.runId(), new Text(((RunStarted) event.payload()).spec().taskPrompt()));
        }
      }
      case FINISHES -> finished(event.runId());
      case CHECKS, RESUMES, NONE -> {
        if (RunSearch.searched(row)) {
          add(event.runId(), row.seq(), row.text());
        }
      }
    }
  }

  private void add(String runId, long seq, String text) {
    Text texts = held.get(runId);
    if (texts == null) {
      unheld(runId);
      return;
    }
    chars -= texts.chars();
    texts.add(seq, text);
    chars += texts.chars();
    letGo();
  }

  /** Holds a run's texts (a batch's copy, with the batch's texts added), in place of any before. */
  void put(String runId, Text texts) {
    Text before = held.put(runId, texts);
    chars += texts.chars() - (before == null ? 0 : before.chars());
    letGo();
  }

  /** A finished run is not held: it is searched by its columns until it is resumed. */
  void finished(String runId) {
    Text before = held.remove(runId);
    if (before != null) {
      chars -= before.chars();
    }
    unheld.remove(runId);
  }

  void unheld(String runId) {
    if (unheld.size() < UNHELD_MAX) {
      unheld.add(runId);
    }
  }

  private void letGo() {
    Iterator<Text> oldest = held.values().iterator();
    while (chars > BUDGET && oldest.hasNext()) {
      chars -= oldest.next().chars();
      oldest.remove();
    }
  }

  /** A run's prompt and the texts of its searched events so far, with their seq. */
  static final class Text {
    private String prompt;
    private List<Part> parts = new ArrayList<>();
    private long codePoints;
    private long chars;

    Text(String prompt) {
      this.prompt = prompt == null ? "" : prompt;
      this.codePoints = this.prompt.codePointCount(0, this.prompt.length());
      this.chars = this.prompt.length();
      forgetWhenTooLong();
    }

    private Text(Text other) {
      this.prompt = other.prompt;
      this.parts = other.parts == null ? null : new ArrayList<>(other.parts);
      this.codePoints = other.codePoints;
      this.chars = other.chars;
    }

    Text copy() {
      return new Text(this);
    }

    void add(long seq, String text) {
      if (parts == null) {
        return;
      }
      parts.add(new Part(seq, text));
      codePoints += 1 + text.codePointCount(0, text.length());
      chars += 1 + text.length();
      forgetWhenTooLong();
    }

    /** Past the limit the columns are NULL whatever comes next, so the texts need not be kept. */
    private void forgetWhenTooLong() {
      if (codePoints > RunSearch.LIMIT) {
        prompt = "";
        parts = null;
        chars = 0;
      }
    }

    long chars() {
      return chars;
    }

    /** The columns, with the texts in seq order as V8's statement orders them. */
    SearchText searchText() {
      if (parts == null) {
        return SearchText.NONE;
      }
      List<Part> ordered = parts;
      for (int i = 1; i < parts.size(); i++) {
        if (parts.get(i).seq() < parts.get(i - 1).seq()) {
          ordered = new ArrayList<>(parts);
          ordered.sort(Comparator.comparingLong(Part::seq));
          break;
        }
      }
      StringBuilder text = new StringBuilder((int) chars).append(prompt);
      for (Part part : ordered) {
        text.append(RunSearch.SEPARATOR).append(part.text());
      }
      return SearchText.of(text.toString());
    }
  }

  private record Part(long seq, String text) {}
}
