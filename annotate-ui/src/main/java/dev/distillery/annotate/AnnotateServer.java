package dev.distillery.annotate;

import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.SqlConsole;
import dev.distillery.trace.TraceRepository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The annotation web app: pages under {@code /}, a JSON API under {@code /api}, server-sent events
 * for an open run. Reads through a {@link TraceRepository}; writes only annotations.
 */
public final class AnnotateServer {
  private AnnotateServer() {}

  /** The app without a SQL page, not started. */
  public static Javalin create(TraceRepository repository, AnnotateOptions options) {
    return create(repository, null, options);
  }

  /**
   * The app, not started: the caller does {@code create(...).start(host, port)}.
   *
   * @param sql read-only SQL for the {@code /sql} page, or null for none
   */
  public static Javalin create(
      TraceRepository repository, SqlConsole sql, AnnotateOptions options) {
    return create(repository, sql, null, options);
  }

  /**
   * The app, not started, that also records what other processes send to {@code /api/ingest}.
   *
   * @param sql read-only SQL for the {@code /sql} page, or null for none
   * @param ingest where sent events are recorded, or null for no ingest
   */
  public static Javalin create(
      TraceRepository repository, SqlConsole sql, IngestTarget ingest, AnnotateOptions options) {
    return create(repository, sql, ingest, options, List.of());
  }

  /**
   * The app, not started, with routes that other modules add (they record through {@code ingest},
   * which must then not be null).
   */
  public static Javalin create(
      TraceRepository repository,
      SqlConsole sql,
      IngestTarget ingest,
      AnnotateOptions options,
      List<ServerExtension> extensions) {
    Objects.requireNonNull(repository, "repository");
    if (ingest == null && !extensions.isEmpty()) {
      throw new IllegalArgumentException("server extensions record runs: they need an ingest");
    }
    Objects.requireNonNull(options, "options");
    Labels labels = new Labels(repository, options.user(), Clock.systemUTC());
    ApiController api = new ApiController(repository, labels, options);
    PageController pages = new PageController(repository, labels, options);
    OverviewController overview = new OverviewController(repository, options.user());
    Arrivals arrivals = new Arrivals();
    EventStream stream =
        new EventStream(repository, arrivals, ingest == null ? options.pollInterval() : null);
    Ingest recorder = ingest == null ? null : new Ingest(ingest.sink(), repository, arrivals);
    IngestController ingestApi = new IngestController(ingest, recorder);
    List<String> programPaths =
        extensions.stream().flatMap(extension -> extension.pathPrefixes().stream()).toList();
    Guard guard = new Guard(options.token(), programPaths);
    SqlPage sqlPage = new SqlPage(sql, options.user());
    ApprovalDesk approvals = new ApprovalDesk(options.user(), Clock.systemUTC());
    JudgementController judgements = JudgementController.of(repository, options.token());
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
          config.http.maxRequestSize = EventJson.MAX_BYTES;
          config.events.serverStopping(stream::close);
          config.events.serverStopping(() -> extensions.forEach(ServerExtension::close));
          config.routes.before(guard::before);
          config.routes.get("/", pages::list);
          config.routes.get("/runs/{id}", pages::run);
          config.routes.get("/queue/next", pages::next);
          config.routes.get("/disagreements", pages::disagreements);
          config.routes.get("/overview", overview::page);
          config.routes.get("/api/overview", overview::json);
          config.routes.get("/sql", sqlPage::page);
          config.routes.get("/api/sql", sqlPage::json);
          config.routes.get("/api/sql.csv", sqlPage::csv);
          config.routes.get(
              "/assets/app.js",
              ctx -> PageController.asset(ctx, "app.js", "text/javascript; charset=utf-8"));
          config.routes.get(
              "/assets/app.css",
              ctx -> PageController.asset(ctx, "app.css", "text/css; charset=utf-8"));
          config.routes.get("/api/health", ingestApi::health);
          config.routes.post("/api/ingest", ingestApi::ingest);
          config.routes.post("/api/snapshot", ingestApi::snapshot);
          config.routes.get("/api/session", api::session);
          config.routes.get("/api/approvals", approvals::pending);
          config.routes.get("/api/approvals/{id}", approvals::status);
          config.routes.post(
              "/api/approvals",
              ctx -> {
                if (ingest == null) {
                  throw new RefusedException(
                      404, "this server does not record runs (no ingest), so none can ask it");
                }
                approvals.ask(ctx);
              });
          config.routes.post("/api/approvals/{id}/answer", approvals::answer);
          config.routes.get("/api/runs", api::runs);
          config.routes.get("/api/runs/{id}", api::run);
          config.routes.get("/api/runs/{id}/annotations", api::annotations);
          config.routes.post("/api/runs/{id}/annotations", api::annotate);
          config.routes.post("/api/annotations/import", api::importLabels);
          config.routes.post("/api/judgements", judgements::record);
          config.routes.get("/api/queue/next", api::next);
          config.routes.get("/api/disagreements", api::disagreements);
          config.routes.get("/api/agreement", api::agreement);
          config.routes.sse("/api/runs/{id}/events/stream", stream::open);
          for (ServerExtension extension : extensions) {
            extension.install(config.routes, recorder.asSink(), repository);
          }
          config.routes.exception(
              RefusedException.class,
              (e, ctx) -> refuse(ctx, e.status(), e.getMessage(), programPaths));
          config.routes.exception(
              DistilleryException.class,
              (e, ctx) -> refuse(ctx, 500, e.getMessage(), programPaths));
        });
  }

  private static void refuse(Context ctx, int status, String reason, List<String> programPaths) {
    ctx.status(status);
    if (programPaths.stream().anyMatch(ctx.path()::startsWith)) {
      // the shape OpenAI-compatible clients read an error from
      ctx.json(Map.of("error", Map.of("message", reason, "type", "distillery_error")));
    } else if (ctx.path().startsWith("/api/")) {
      ctx.json(Map.of("error", reason));
    } else {
      ctx.html(
          Layout.page(
              "error " + status,
              "",
              "data-page=\"error\"",
              "<h1>"
                  + status
                  + "</h1><p class=\"error\">"
                  + Html.esc(reason)
                  + "</p><p><a href=\"/\">runs</a></p>"));
    }
  }
}
