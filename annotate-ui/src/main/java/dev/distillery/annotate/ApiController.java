package dev.distillery.annotate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.Agreement;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.Rater;
import dev.distillery.trace.Run;
import dev.distillery.trace.TraceRepository;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON API under {@code /api}: everything the pages do. */
final class ApiController {
  static final int MAX_BODY_BYTES = 16 * 1024;
  private static final Set<String> LABEL_FIELDS =
      Set.of("label", "tags", "comment", "eventId", "author");
  private static final Set<String> ROW_FIELDS =
      Set.of("line", "run", "label", "tags", "comment", "author", "step");

  private final TraceRepository repository;
  private final Labels labels;
  private final Disagreements disagreements;
  private final AnnotateOptions options;

  ApiController(TraceRepository repository, Labels labels, AnnotateOptions options) {
    this.repository = repository;
    this.labels = labels;
    this.disagreements = new Disagreements(repository);
    this.options = options;
  }

  void session(Context ctx) {
    ctx.json(Map.of("user", options.user(), "failureTags", options.failureTags()));
  }

  void runs(Context ctx) {
    ListQuery query = ListQuery.parse(ctx::queryParam);
    List<Run> runs = repository.runs(query.filter());
    Map<String, List<Annotation>> annotations =
        repository.annotationsOf(runs.stream().map(Run::id).toList());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Run run : runs) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("run", run);
      row.put("labels", Labels.labelsByAuthor(annotations.getOrDefault(run.id(), List.of())));
      rows.add(row);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", repository.countRuns(query.filter()));
    body.put("page", query.page());
    body.put("size", query.size());
    body.put("runs", rows);
    ctx.json(body);
  }

  void run(Context ctx) {
    Run run = Runs.find(repository, ctx.pathParam("id"));
    Labels.RunLabels runLabels = labels.of(run.id());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run", run);
    body.put("events", repository.events(run.id()).stream().map(Json::event).toList());
    body.put("annotations", runLabels.history());
    body.put("latest", runLabels.latest());
    ctx.json(body);
  }

  void annotations(Context ctx) {
    Run run = Runs.find(repository, ctx.pathParam("id"));
    Labels.RunLabels runLabels = labels.of(run.id());
    ctx.json(Map.of("history", runLabels.history(), "latest", runLabels.latest()));
  }

  void annotate(Context ctx) {
    JsonNode body = jsonBody(ctx, MAX_BODY_BYTES);
    LabelRequest request = labelRequest(body);
    String author = JsonFields.text(body, "author");
    Annotation annotation =
        author == null
            ? labels.add(ctx.pathParam("id"), request)
            : labels.add(ctx.pathParam("id"), trustedAuthor(ctx, author), request);
    ctx.status(201).json(annotation);
  }

  /** {@code POST /api/annotations/import}: a label file's rows, checked whole, then written. */
  void importLabels(Context ctx) {
    JsonNode body = jsonBody(ctx, Integer.MAX_VALUE);
    if (!Guard.trusted(ctx, options.token())) {
      throw new RefusedException(403, UNTRUSTED);
    }
    JsonNode rows = body.get("rows");
    if (rows == null || !rows.isArray()) {
      throw RefusedException.badRequest("rows must be an array of label rows");
    }
    List<LabelRow> parsed = new ArrayList<>();
    for (JsonNode row : rows) {
      if (!row.isObject()) {
        throw RefusedException.badRequest("each row must be a JSON object");
      }
      knownFields(row, ROW_FIELDS);
      parsed.add(
          new LabelRow(
              row.path("line").asInt(parsed.size() + 1),
              JsonFields.text(row, "run"),
              JsonFields.text(row, "label"),
              JsonFields.tags(row),
              JsonFields.text(row, "comment"),
              JsonFields.text(row, "author"),
              JsonFields.text(row, "step")));
    }
    Annotator.Imported imported = labels.importRows(parsed);
    ctx.json(Map.of("added", imported.added(), "skipped", imported.skipped()));
  }

  static final String UNTRUSTED =
      "only a local client may name an author: send the server's token as Authorization: Bearer"
          + " (or, on a server without a token, call from this machine)";

  private String trustedAuthor(Context ctx, String author) {
    if (!Guard.trusted(ctx, options.token())) {
      throw new RefusedException(403, UNTRUSTED);
    }
    return Annotator.author(author);
  }

  void next(Context ctx) {
    ListQuery query = ListQuery.parse(ctx::queryParam);
    Map<String, Object> body = new HashMap<>();
    body.put(
        "runId", Queue.next(repository, query, ctx.queryParam("after")).map(Run::id).orElse(null));
    ctx.json(body);
  }

  void disagreements(Context ctx) {
    List<Agreement.RatedRun> rated = disagreements.rated();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Disagreements.Disputed d : disagreements.disputed(rated)) {
      rows.add(Map.of("runId", d.run().id(), "labels", d.labels()));
    }
    ctx.json(
        Map.of(
            "runs",
            rows,
            "annotators",
            Disagreements.annotators(rated),
            "sources",
            Disagreements.sources(rated)));
  }

  void agreement(Context ctx) {
    Rater first = Rater.parse(required(ctx, "a"));
    Rater second = Rater.parse(required(ctx, "b"));
    ctx.json(Disagreements.json(Agreement.between(first, second, disagreements.rated())));
  }

  private static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      throw RefusedException.badRequest("query parameter '" + name + "' is required");
    }
    return value.strip();
  }

  /** The body as a validated label request: JSON, small, known fields of the right types. */
  static LabelRequest labelRequest(Context ctx) {
    return labelRequest(jsonBody(ctx, MAX_BODY_BYTES));
  }

  private static LabelRequest labelRequest(JsonNode node) {
    knownFields(node, LABEL_FIELDS);
    return new LabelRequest(
        JsonFields.text(node, "label"),
        JsonFields.tags(node),
        JsonFields.text(node, "comment"),
        JsonFields.text(node, "eventId"));
  }

  private static void knownFields(JsonNode node, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw RefusedException.badRequest("unknown field '" + name + "'");
      }
    }
  }

  /** The body as a JSON object of at most {@code maxBytes}. */
  private static JsonNode jsonBody(Context ctx, int maxBytes) {
    return jsonBody(ctx, maxBytes, "annotation");
  }

  /**
   * The body as a JSON object of at most {@code maxBytes}.
   *
   * @param what what the body holds, for the 415's message
   */
  static JsonNode jsonBody(Context ctx, int maxBytes, String what) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new RefusedException(415, "send the " + what + " as Content-Type: application/json");
    }
    // read before refusing (the server caps any body at 8 MiB): answering while the client still
    // sends lets the connection close under it, and the client sees no answer at all
    byte[] body = ctx.bodyAsBytes();
    if (body.length > maxBytes) {
      throw new RefusedException(413, "body is larger than " + maxBytes + " bytes");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw RefusedException.badRequest("body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw RefusedException.badRequest("body must be a JSON object");
    }
    return node;
  }
}
