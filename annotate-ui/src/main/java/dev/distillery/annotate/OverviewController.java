package dev.distillery.annotate;

import dev.distillery.trace.Overview;
import dev.distillery.trace.TraceRepository;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** {@code GET /overview} and {@code GET /api/overview}: the dataset at a glance. */
final class OverviewController {
  private final TraceRepository repository;
  private final String user;

  OverviewController(TraceRepository repository, String user) {
    this.repository = repository;
    this.user = user;
  }

  void page(Context ctx) {
    ctx.html(OverviewView.render(repository.overview(filter(ctx)), user));
  }

  void json(Context ctx) {
    ctx.json(repository.overview(filter(ctx)));
  }

  static Overview.Filter filter(Context ctx) {
    return new Overview.Filter(
        text(ctx, "suite"),
        text(ctx, "task"),
        text(ctx, "model"),
        date(ctx, "since"),
        date(ctx, "until"));
  }

  private static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value != null && value.length() > ListQuery.MAX_VALUE_LENGTH) {
      throw RefusedException.badRequest(name + " is longer than " + ListQuery.MAX_VALUE_LENGTH);
    }
    return value;
  }

  private static LocalDate date(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw RefusedException.badRequest(name + " must be a date (YYYY-MM-DD)");
    }
  }
}
