package dev.distillery.capture.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.annotate.ServerExtension;
import dev.distillery.trace.KnownSecrets;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The OpenAI-compatible recording proxy on serve's port: {@code POST /v1/chat/completions}, {@code
 * POST /v1/responses} and {@code GET /v1/models} go to the upstream and come back unchanged, and
 * every request and reply is recorded in the store as a run of mode {@code proxy} (see
 * docs/capture.md).
 */
public final class RecordingProxy implements ServerExtension {
  /** The mode proxied runs record: {@code SELECT * FROM runs WHERE mode = 'proxy'}. */
  public static final String MODE = "proxy";

  private final ProxyOptions options;
  private final Clock clock;
  private final Upstream upstream;
  private ScheduledExecutorService sweeper;
  private EventWriter writer;
  private Conversations conversations;

  public RecordingProxy(ProxyOptions options) {
    this(options, Clock.systemUTC());
  }

  RecordingProxy(ProxyOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
    this.upstream = new Upstream(options);
  }

  @Override
  public List<String> pathPrefixes() {
    return List.of("/v1/chat/completions", "/v1/responses", "/v1/models");
  }

  @Override
  public void install(RoutesConfig routes, TraceSink sink, TraceRepository repository) {
    writer = new EventWriter(KnownSecrets.process().guard(sink));
    conversations = new Conversations(this::spec, writer, clock, options.idle());
    ProxyRoute chat = new ProxyRoute(upstream, conversations, ChatWire.CHAT);
    ModelsRoute models = new ModelsRoute(upstream);
    routes.post("/v1/chat/completions", chat::handle);
    routes.post(
        "/v1/responses", new ProxyRoute(upstream, conversations, ResponsesWire.WIRE)::handle);
    routes.get("/v1/models", models::handle);
    routes.get("/v1/models/<model>", models::handle);
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "distillery-proxy-idle");
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.min(30_000, Math.max(50, options.idle().toMillis() / 4));
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  /** Ends the runs idle for longer than the idle time. */
  void sweep() {
    if (conversations != null) {
      conversations.sweep();
    }
  }

  /** Waits until every event of the requests answered so far is in the store. */
  void flush() throws InterruptedException {
    if (writer != null) {
      writer.flush();
    }
  }

  /** Ends every run still going, records what is queued, and lets the upstream's connections go. */
  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    if (conversations != null) {
      conversations.closeAll();
    }
    if (writer != null) {
      writer.close();
    }
    upstream.close();
  }

  private RunSpec spec(ChatWire.Request request) {
    ObjectNode metadata = ChatWire.JSON.createObjectNode();
    metadata.put("source", MODE);
    metadata.put("upstream", options.upstream());
    return new RunSpec(
        Conversations.prompt(request.messages()),
        null,
        null,
        1,
        request.model(),
        options.provider(),
        MODE,
        null,
        null,
        null,
        metadata.toString());
  }

  /** How long a conversation may rest, in words. */
  static String idleWords(Duration idle) {
    return Conversations.words(idle);
  }
}
