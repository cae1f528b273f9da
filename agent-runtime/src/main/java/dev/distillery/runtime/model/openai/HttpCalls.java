package dev.distillery.runtime.model.openai;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Connection;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * The HTTP side of the client: one OkHttp client per process, and how a try runs on it.
 *
 * <p>OkHttp's own {@code retryOnConnectionFailure} stays off: it would send a request again after
 * any I/O failure, even one on a fresh connection after the server had the request, and nothing of
 * it would be recorded. Two narrower things take its place. A server that answers {@code HTTP/1.0}
 * without {@code Connection: keep-alive} closes the connection after the answer, but OkHttp only
 * looks at {@code Connection: close} and pools it (and checks a pooled connection's socket only
 * after 10 s idle), so such a connection is closed here as soon as its answer is read. And a try
 * that failed on a pooled connection before any answer came ({@link Try#stale}) is one the server
 * never saw: the client sends it again on a fresh connection without counting a try.
 */
final class HttpCalls {
  static final OkHttpClient SHARED = sharedClient();

  private HttpCalls() {}

  /** What happened to one try's connection; attached to the request as its tag. */
  static final class Try {
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

  /** One per process: connection pool and dispatcher; daemon threads so they never hold exit. */
  private static OkHttpClient sharedClient() {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "distillery-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(256);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .retryOnConnectionFailure(false)
        .addNetworkInterceptor(HttpCalls::closeHttp10)
        .eventListenerFactory(HttpCalls::watch)
        .build();
  }

  private static EventListener watch(Call call) {
    Try attempt = call.request().tag(Try.class);
    if (attempt == null) {
      return EventListener.NONE;
    }
    return new EventListener() {
      @Override
      public void connectStart(Call c, java.net.InetSocketAddress address, java.net.Proxy proxy) {
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

  /**
   * An {@code HTTP/1.0} answer without {@code Connection: keep-alive} ends its connection: the
   * socket is closed once the body is, so the pool drops it instead of lending it to the next try.
   */
  private static Response closeHttp10(Interceptor.Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    Connection connection = chain.connection();
    if (response.protocol() != Protocol.HTTP_1_0
        || connection == null
        || "keep-alive".equalsIgnoreCase(response.header("Connection"))) {
      return response;
    }
    Socket socket = connection.socket();
    ResponseBody body = response.body();
    BufferedSource closing =
        Okio.buffer(
            new ForwardingSource(body.source()) {
              @Override
              public void close() throws IOException {
                try {
                  super.close();
                } finally {
                  socket.close();
                }
              }
            });
    return response
        .newBuilder()
        .body(ResponseBody.create(closing, body.contentType(), body.contentLength()))
        .build();
  }

  /** An answer's reading step; may throw what reading a body throws. */
  interface Reader<T> {
    T read(Response response) throws IOException;
  }

  /**
   * Runs the call and reads its answer on OkHttp's thread, so that interrupting the calling thread
   * cancels the call even in the middle of a streamed body.
   */
  static <T> T execute(Call call, Reader<T> reader) throws IOException {
    CompletableFuture<T> future = new CompletableFuture<>();
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            try {
              future.complete(reader.read(response));
            } catch (IOException | RuntimeException e) {
              future.completeExceptionally(e);
            }
          }

          @Override
          public void onFailure(Call c, IOException e) {
            future.completeExceptionally(e);
          }
        });
    try {
      return future.get();
    } catch (InterruptedException e) {
      call.cancel();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(e.getCause());
    }
  }
}
