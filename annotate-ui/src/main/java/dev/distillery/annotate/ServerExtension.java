package dev.distillery.annotate;

import dev.distillery.trace.TraceRepository;
import dev.distillery.trace.TraceSink;
import io.javalin.config.RoutesConfig;
import java.util.List;

/**
 * Routes another module adds to the server, for programs rather than people: capture's recording
 * proxy and OTLP receiver. Their paths skip the page token cookie and the same-origin check (their
 * clients are SDKs, not browsers, and send their own {@code Authorization}); instead, a request
 * that changes something must say it is JSON or protobuf, which a page on another site cannot send
 * without a CORS preflight that this server never grants, and, when the server has a token, carry
 * it in {@code X-Distillery-Token}.
 */
public interface ServerExtension extends AutoCloseable {
  /** The path prefixes this extension answers, such as {@code /v1/}. */
  List<String> pathPrefixes();

  /**
   * Adds the routes.
   *
   * @param sink records events as {@code /api/ingest} does: checked against their runs, durable
   *     when it returns, and shown live on open pages
   * @param repository what the store holds, to continue runs recorded earlier
   */
  void install(RoutesConfig routes, TraceSink sink, TraceRepository repository);

  /** Called when the server stops. */
  @Override
  default void close() {}
}
