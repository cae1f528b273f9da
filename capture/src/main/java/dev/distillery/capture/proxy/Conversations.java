package dev.distillery.capture.proxy;

import dev.distillery.trace.Message;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which run each request belongs to. A named request ({@code X-Distillery-Run}, {@code
 * metadata.distillery_run} or {@code user}) continues the run of that name when it extends that
 * run's last request and reply; one that does not starts a new conversation, which ends the old
 * run. An unnamed request continues the run whose last request and reply it starts with (the
 * longest such); else it starts a run. A run ends once idle, or when the proxy closes; a request
 * that continues an ended run resumes it. A Responses API request that names a {@code
 * previous_response_id} continues that response's run from that response, whatever else it says.
 */
final class Conversations {
  static final int REMEMBERED_RUNS = 10_000;

  private final Function<ChatWire.Request, RunSpec> specs;
  private final EventWriter writer;
  private final Clock clock;
  private final Duration idle;
  private final Map<String, ProxyRun> named = new HashMap<>();
  private final Map<String, Deque<ProxyRun>> waiting = new HashMap<>();
  private final Map<ProxyRun, String> registered = new HashMap<>();
  // the Responses API's response ids: the run and the point of it each one ended
  private final Map<String, Previous> responses =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Previous> eldest) {
          return size() > REMEMBERED_RUNS;
        }
      };

  private record Previous(ProxyRun run, List<Message> window, List<Integer> indexes) {}

  // every run remembered, least recently active first
  private final LinkedHashMap<String, ProxyRun> runs = new LinkedHashMap<>(16, 0.75f, true);

  Conversations(
      Function<ChatWire.Request, RunSpec> specs, EventWriter writer, Clock clock, Duration idle) {
    this.specs = specs;
    this.writer = writer;
    this.clock = clock;
    this.idle = idle;
  }

  /** Records the request in its run (starting or resuming one) and returns its turn. */
  synchronized ProxyRun.Turn begin(ChatWire.Request request, String name) {
    Instant now = clock.instant();
    List<TraceEvent> out = new ArrayList<>();
    ProxyRun run = null;
    int shared = 0;
    Previous previous =
        request.previousResponseId() == null ? null : responses.get(request.previousResponseId());
    if (previous != null) {
      // the request holds only what is new since that response: the run holds the rest
      run = previous.run();
      run.rewind(previous.window(), previous.indexes());
      List<Message> all = new ArrayList<>(previous.window());
      all.addAll(request.messages());
      request = request.withMessages(all);
      shared = previous.window().size();
    } else if (name != null) {
      run = named.get(name);
      if (run != null) {
        shared = Prefixes.shared(run.window(), request.messages());
        if (shared < run.window().size()) {
          supersede(run, now, out);
          run = null;
          shared = 0;
        }
      }
    } else {
      List<String> hashes = Prefixes.hashes(request.messages());
      for (int k = hashes.size(); k > 0 && run == null; k--) {
        Deque<ProxyRun> candidates = waiting.get(hashes.get(k - 1));
        if (candidates != null && !candidates.isEmpty()) {
          run = candidates.peekFirst();
          shared = k;
        }
      }
    }
    if (run == null) {
      run = ProxyRun.start(name, specs.apply(request), now, out);
      if (name != null) {
        named.put(name, run);
      }
    }
    unregister(run);
    runs.put(run.id(), run);
    ProxyRun.Turn turn = run.request(request, shared, now, out);
    forget(now, out);
    writer.write(out);
    return turn;
  }

  synchronized void replied(ProxyRun.Turn turn, Reply reply, long latencyMs) {
    ProxyRun run = turn.run();
    writer.write(List.of(run.replied(turn, reply, latencyMs, clock.instant())));
    register(run);
    if (reply.responseId() != null) {
      responses.put(reply.responseId(), new Previous(run, run.window(), run.windowIndexes()));
    }
  }

  synchronized void failed(
      ProxyRun.Turn turn, String type, String message, boolean retryable, long ms) {
    ProxyRun run = turn.run();
    writer.write(List.of(run.failed(turn, type, message, retryable, ms, clock.instant())));
    register(run);
  }

  /** Ends every run that has had no request in flight for the idle time. */
  synchronized void sweep() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(idle);
    List<TraceEvent> out = new ArrayList<>();
    for (ProxyRun run : runs.values()) {
      if (run.idleSince(cutoff)) {
        out.add(run.finish("no request for " + words(idle) + " (serve --proxy-idle)", now));
      }
    }
    writer.write(out);
  }

  /** Ends every run still going: the server stops. */
  synchronized void closeAll() {
    Instant now = clock.instant();
    List<TraceEvent> out = new ArrayList<>();
    for (ProxyRun run : runs.values()) {
      if (!run.finished()) {
        out.add(run.finish("serve stopped", now));
      }
    }
    writer.write(out);
  }

  /** The first user message: what the runs list shows as the run's prompt. */
  static String prompt(List<Message> messages) {
    for (Message message : messages) {
      if (message.role() == Role.USER && message.content() != null) {
        return message.content();
      }
    }
    return messages.isEmpty() || messages.get(0).content() == null ? "" : messages.get(0).content();
  }

  static String words(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds == 0) {
      return duration.toMillis() + " ms";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }

  private void supersede(ProxyRun run, Instant now, List<TraceEvent> out) {
    unregister(run);
    named.remove(run.name());
    if (run.idleSince(now)) {
      out.add(run.finish("a new conversation started under the name " + run.name(), now));
    }
  }

  private void register(ProxyRun run) {
    unregister(run);
    String hash = Prefixes.hash(run.window());
    waiting.computeIfAbsent(hash, h -> new ArrayDeque<>()).addLast(run);
    registered.put(run, hash);
  }

  private void unregister(ProxyRun run) {
    String hash = registered.remove(run);
    if (hash != null) {
      Deque<ProxyRun> candidates = waiting.get(hash);
      candidates.remove(run);
      if (candidates.isEmpty()) {
        waiting.remove(hash);
      }
    }
  }

  /** Keeps at most {@link #REMEMBERED_RUNS}: the least recently active are ended and forgotten. */
  private void forget(Instant now, List<TraceEvent> out) {
    Iterator<ProxyRun> oldest = runs.values().iterator();
    while (runs.size() > REMEMBERED_RUNS && oldest.hasNext()) {
      ProxyRun run = oldest.next();
      if (!run.finished()) {
        out.add(run.finish("the proxy keeps " + REMEMBERED_RUNS + " conversations open", now));
      }
      unregister(run);
      if (run.name() != null && named.get(run.name()) == run) {
        named.remove(run.name());
      }
      oldest.remove();
    }
  }
}
