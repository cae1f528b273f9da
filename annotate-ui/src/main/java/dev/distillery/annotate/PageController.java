package dev.distillery.annotate;

import dev.distillery.trace.Agreement;
import dev.distillery.trace.Rater;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceRepository;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HTML pages and their two assets. */
final class PageController {
  private final TraceRepository repository;
  private final Labels labels;
  private final Disagreements disagreements;
  private final AnnotateOptions options;

  PageController(TraceRepository repository, Labels labels, AnnotateOptions options) {
    this.repository = repository;
    this.labels = labels;
    this.disagreements = new Disagreements(repository);
    this.options = options;
  }

  void list(Context ctx) {
    ListQuery query = ListQuery.parse(ctx::queryParam);
    List<Run> runs = repository.runs(query.filter());
    Map<String, Map<String, String>> runLabels = new LinkedHashMap<>();
    repository
        .annotationsOf(runs.stream().map(Run::id).toList())
        .forEach((runId, annotations) -> runLabels.put(runId, Labels.labelsByAuthor(annotations)));
    String notice =
        ctx.queryParam("done") == null ? null : "No unlabelled run left under these filters.";
    long total = repository.countRuns(query.filter());
    ctx.html(RunListView.render(query, runs, total, runLabels, notice, options.user()));
  }

  void run(Context ctx) {
    Run run = Runs.find(repository, ctx.pathParam("id"));
    ListQuery query = ListQuery.parse(ctx::queryParam);
    ctx.html(
        RunView.render(
            run,
            repository.family(run.id()),
            repository.events(run.id()),
            labels.of(run.id()),
            query,
            options.failureTags(),
            options.user()));
  }

  void next(Context ctx) {
    ListQuery query = ListQuery.parse(ctx::queryParam);
    String filters = query.filterQuery();
    String suffix = filters.isEmpty() ? "" : "?" + filters;
    Queue.next(repository, query, ctx.queryParam("after"))
        .ifPresentOrElse(
            run -> ctx.redirect("/runs/" + Html.url(run.id()) + suffix),
            () -> ctx.redirect("/?" + (filters.isEmpty() ? "" : filters + "&") + "done=1"));
  }

  void disagreements(Context ctx) {
    List<Agreement.RatedRun> rated = disagreements.rated();
    String first = ctx.queryParam("a");
    String second = ctx.queryParam("b");
    Agreement.Result agreement =
        blank(first) || blank(second)
            ? Disagreements.defaultPair(rated)
            : Agreement.between(Rater.parse(first), Rater.parse(second), rated);
    ctx.html(
        DisagreementsView.render(
            disagreements.disputed(rated),
            Disagreements.sources(rated),
            agreement,
            options.user()));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  static void asset(Context ctx, String name, String contentType) throws IOException {
    try (InputStream in = PageController.class.getResourceAsStream("assets/" + name)) {
      if (in == null) {
        throw RefusedException.notFound("no asset " + name);
      }
      ctx.contentType(contentType).header("Cache-Control", "no-cache").result(in.readAllBytes());
    }
  }
}
