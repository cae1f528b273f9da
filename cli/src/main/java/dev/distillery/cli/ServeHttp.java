package dev.distillery.cli;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The one OkHttp client this process talks to {@code distillery serve} with, configured as the
 * model clients' ({@code HttpCalls} in agent-runtime): OkHttp's {@code retryOnConnectionFailure}
 * stays off, since it would send an ingest again after any I/O failure, even one the server had
 * taken; a try that failed on a pooled connection before any answer came ({@link Attempt#stale}) is
 * one the server never saw, and is sent again on a fresh connection. No redirects are followed.
 * Each call sets its own time limit, for the whole call (the long poll of an approval waits
 * longer).
 */
final class ServeHttp {
  static final OkHttpClient CLIENT =
      new OkHttpClient.Builder()
          .retryOnConnectionFailure(false)
          .followRedirects(false)
          .followSslRedirects(false)
          .connectTimeout(Duration.ZERO)
          .readTimeout(Duration.ZERO)
          .writeTimeout(Duration.ZERO)
          .eventListenerFactory(ServeHttp::watch)
          .build();

  private ServeHttp() {}

  /** What happened to one try's connection; attached to the request as its tag. */
  static final class Attempt {
    private volatile boolean acquired;
    private volatile boolean connected;
    private volatile boolean answered;

    /**
     * Whether the try failed on a connection taken from the pool before any answer came: the server
     * had closed it, so the request never reached it.
     */
    boolean stale() {
      return acquired && !connected && !answered;
    }
  }

  private static EventListener watch(Call call) {
    Attempt attempt = call.request().tag(Attempt.class);
    if (attempt == null) {
      return EventListener.NONE;
    }
    return new EventListener() {
      @Override
      public void connectStart(Call c, InetSocketAddress address, Proxy proxy) {
        attempt.connected = true;
      }

      @Override
      public void connectionAcquired(Call c, Connection connection) {
        attempt.acquired = true;
      }

      @Override
      public void responseHeadersEnd(Call c, Response response) {
        attempt.answered = true;
      }
    };
  }
}
