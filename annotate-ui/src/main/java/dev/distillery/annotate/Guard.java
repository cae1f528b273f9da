package dev.distillery.annotate;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every request passes first: security headers, the token (when the server has one) and, for
 * requests that change something, a same-origin check.
 */
final class Guard {
  static final String COOKIE = "distillery_token";
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
          + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  private static final Set<HandlerType> SAFE =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  /** The header that carries the server's token on {@link ServerExtension} paths. */
  static final String TOKEN_HEADER = "X-Distillery-Token";

  private final String token;
  private final List<String> programPaths;

  Guard(String token) {
    this(token, List.of());
  }

  /**
   * @param programPaths path prefixes answered for programs (see {@link ServerExtension})
   */
  Guard(String token, List<String> programPaths) {
    this.token = token;
    this.programPaths = List.copyOf(programPaths);
  }

  void before(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    if (programPaths.stream().anyMatch(ctx.path()::startsWith)) {
      guardProgramPath(ctx);
      return;
    }
    if (token != null) {
      requireToken(ctx);
    }
    if (!SAFE.contains(ctx.method())) {
      requireSameOrigin(ctx);
    }
  }

  private void requireToken(Context ctx) {
    String fromQuery = ctx.queryParam("token");
    if (fromQuery != null && matches(fromQuery) && ctx.method() == HandlerType.GET) {
      ctx.header(
          "Set-Cookie",
          COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000");
      return;
    }
    String header = ctx.header("Authorization");
    if (header != null && header.startsWith("Bearer ") && matches(header.substring(7).strip())) {
      return;
    }
    String cookie = ctx.cookie(COOKIE);
    if (cookie != null && matches(cookie)) {
      return;
    }
    throw new RefusedException(
        401, "this server needs its token: open the URL it printed, or send Authorization: Bearer");
  }

  private void guardProgramPath(Context ctx) {
    if (token != null) {
      String given = ctx.header(TOKEN_HEADER);
      if (given == null || !matches(given.strip())) {
        throw new RefusedException(
            401, "this server needs its token: send it in the " + TOKEN_HEADER + " header");
      }
    }
    if (!SAFE.contains(ctx.method())) {
      String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
      if (!type.startsWith("application/json") && !type.startsWith("application/x-protobuf")) {
        throw new RefusedException(
            415,
            "send Content-Type application/json or application/x-protobuf (was "
                + (type.isEmpty() ? "none" : type)
                + ")");
      }
    }
  }

  private boolean matches(String given) {
    return same(given, token);
  }

  private static boolean same(String given, String token) {
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether the request comes from a trusted local program, which may name the author of what it
   * records: with a token, it sent the token as {@code Authorization: Bearer} (a browser's cookie
   * does not count); without one, it came from this machine (a loopback address).
   */
  static boolean trusted(Context ctx, String token) {
    if (token != null) {
      String header = ctx.header("Authorization");
      return header != null
          && header.startsWith("Bearer ")
          && same(header.substring(7).strip(), token);
    }
    try {
      return InetAddress.getByName(ctx.ip()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Browsers say where a request came from; a page on another site may not change anything. */
  static void requireSameOrigin(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      throw new RefusedException(403, "cross-site request refused (Sec-Fetch-Site: " + site + ")");
    }
    String origin = ctx.header("Origin");
    if (origin != null
        && !sameServer(origin, ctx.req().getServerName(), ctx.req().getServerPort())) {
      throw new RefusedException(
          403,
          "cross-site request refused (Origin: "
              + origin
              + ") "
              + ctx.req().getServerName()
              + ":"
              + ctx.req().getServerPort()
              + " host="
              + ctx.header("Host"));
    }
  }

  /** Whether an Origin names the host and port this request was sent to. */
  private static boolean sameServer(String origin, String serverName, int serverPort) {
    if (origin.equals("null") || serverName == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      return serverName.equalsIgnoreCase(uri.getHost()) && port == serverPort;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
