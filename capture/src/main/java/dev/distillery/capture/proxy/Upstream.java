package dev.distillery.capture.proxy;

import dev.distillery.trace.KnownSecrets;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The upstream, called with OkHttp: the client's request forwarded as it came (its headers but
 * those of the hop and of Distillery; its Authorization, or the configured key when it has none),
 * and the upstream's status and headers copied back. Every key that passes is added to {@link
 * KnownSecrets#process()}, so that it is scrubbed should it ever appear in what is recorded.
 */
final class Upstream {
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "content-length",
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "upgrade",
          "accept-encoding",
          "cookie",
          "proxy-authorization",
          "proxy-connection");
  private static final Set<String> NOT_RETURNED =
      Set.of(
          "content-length",
          "content-encoding",
          "connection",
          "keep-alive",
          "transfer-encoding",
          "set-cookie");

  private final OkHttpClient http;
  private final String base;
  private final String apiKey;

  Upstream(ProxyOptions options) {
    this.base = options.upstream();
    this.apiKey = options.apiKey();
    KnownSecrets.process().add("api_key", apiKey);
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(options.timeout())
            .writeTimeout(options.timeout())
            .retryOnConnectionFailure(false)
            .build();
  }

  String base() {
    return base;
  }

  /** Sends the client's request on; the caller closes the response. */
  Response call(Context ctx, byte[] body) throws IOException {
    String path = ctx.path().startsWith("/v1/") ? ctx.path().substring(3) : ctx.path();
    String query = ctx.queryString();
    Request.Builder request =
        new Request.Builder().url(base + path + (query == null ? "" : "?" + query));
    Headers.Builder headers = new Headers.Builder();
    boolean authorized = false;
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (NOT_FORWARDED.contains(lower) || lower.startsWith("x-distillery-")) {
        continue;
      }
      for (String value : Collections.list(ctx.req().getHeaders(name))) {
        headers.addUnsafeNonAscii(name, value);
        if (lower.equals("authorization") || lower.equals("api-key")) {
          authorized = true;
          KnownSecrets.process().add("api_key", credential(value));
        }
      }
    }
    if (!authorized && apiKey != null) {
      headers.add("Authorization", "Bearer " + apiKey);
    }
    request.headers(headers.build());
    if (body != null) {
      String type = ctx.contentType();
      request.method(
          ctx.method().name(),
          RequestBody.create(body, type == null ? null : MediaType.parse(type)));
    } else {
      request.get();
    }
    return http.newCall(request.build()).execute();
  }

  /** Copies the upstream's status and headers to the client (not its body). */
  static void answerHead(Context ctx, Response response) {
    ctx.status(response.code());
    for (String name : response.headers().names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("content-type")) {
        ctx.contentType(response.header(name));
      } else if (!NOT_RETURNED.contains(lower)) {
        for (String value : response.headers(name)) {
          ctx.res().addHeader(name, value);
        }
      }
    }
  }

  /** A failure to reach the upstream, as the error type recorded and sent back. */
  static String failureType(IOException e) {
    return e instanceof InterruptedIOException ? "timeout" : "upstream_unreachable";
  }

  void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** The key in an Authorization value: what follows its scheme ({@code Bearer}). */
  private static String credential(String value) {
    String stripped = value.strip();
    int space = stripped.indexOf(' ');
    return space < 0 ? stripped : stripped.substring(space + 1).strip();
  }
}
