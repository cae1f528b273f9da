package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

import dev.distillery.trace.Csv;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.QueryTable;
import dev.distillery.trace.SqlConsole;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SQL page: read-only queries over the store, the failure views one click away, run ids linked
 * to their pages, CSV download. The console refuses anything but a single SELECT.
 */
final class SqlPage {
  static final int MAX_ROWS = 1000;
  static final Map<String, String> PRESETS = new LinkedHashMap<>();
  private static final Pattern RUN_ID = Pattern.compile("[0-9a-z]{26}");

  static {
    PRESETS.put("failure signatures", "SELECT * FROM failure_signatures ORDER BY occurrences DESC");
    PRESETS.put("tool stats", "SELECT * FROM tool_stats ORDER BY error_rate DESC");
    PRESETS.put("task stats", "SELECT * FROM task_stats ORDER BY pass_at_1");
    PRESETS.put("loops", "SELECT * FROM loops ORDER BY repeats DESC");
    PRESETS.put("label disagreements", "SELECT * FROM label_disagreements");
    PRESETS.put(
        "model errors",
        "SELECT run_id, turn, model, error_type, error FROM model_calls WHERE error_type IS NOT NULL");
  }

  private final SqlConsole console;
  private final String user;

  SqlPage(SqlConsole console, String user) {
    this.console = console;
    this.user = user;
  }

  void page(Context ctx) {
    String sql = ctx.queryParam("q");
    StringBuilder out = new StringBuilder("<h1>SQL</h1>");
    out.append(
        "<p class=\"muted\">Read-only: one SELECT over the tables and views of docs/sql.md.</p>");
    out.append("<p id=\"presets\">");
    PRESETS.forEach(
        (name, preset) ->
            out.append("<a class=\"preset\" href=\"/sql?q=")
                .append(
                    esc(
                        java.net.URLEncoder.encode(
                            preset, java.nio.charset.StandardCharsets.UTF_8)))
                .append("\">")
                .append(esc(name))
                .append("</a> "));
    out.append(
        "</p><form method=\"get\" action=\"/sql\"><textarea name=\"q\" id=\"sql\" rows=\"5\" cols=\"100\">");
    out.append(esc(sql == null ? "" : sql)).append("</textarea><br><button>Run</button></form>");
    if (sql != null && !sql.isBlank()) {
      try {
        QueryTable table = run(sql);
        out.append(table(table, sql));
      } catch (DistilleryException e) {
        out.append("<p class=\"error\" id=\"sql-error\">")
            .append(esc(e.getMessage()))
            .append("</p>");
      }
    }
    ctx.html(Layout.page("SQL", user, "data-page=\"sql\"", out.toString()));
  }

  void json(Context ctx) {
    QueryTable table = runForApi(required(ctx));
    ctx.json(
        Map.of("columns", table.columns(), "rows", table.rows(), "truncated", table.truncated()));
  }

  void csv(Context ctx) {
    QueryTable table = runForApi(required(ctx));
    ctx.header("Content-Disposition", "attachment; filename=\"query.csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(Csv.text(table.columns(), table.rows()));
  }

  private QueryTable run(String sql) {
    if (console == null) {
      throw new RefusedException(404, "this server has no SQL console");
    }
    return console.query(sql, MAX_ROWS);
  }

  /** For the API: a refused or failing query is the caller's mistake, 400 with DuckDB's reason. */
  private QueryTable runForApi(String sql) {
    try {
      return run(sql);
    } catch (RefusedException e) {
      throw e;
    } catch (DistilleryException e) {
      throw new RefusedException(400, e.getMessage());
    }
  }

  private static String required(Context ctx) {
    String sql = ctx.queryParam("q");
    if (sql == null || sql.isBlank()) {
      throw new RefusedException(400, "give the query as ?q=");
    }
    return sql;
  }

  private static String table(QueryTable table, String sql) {
    StringBuilder out = new StringBuilder("<p>");
    out.append(table.rows().size()).append(table.rows().size() == 1 ? " row" : " rows");
    if (table.truncated()) {
      out.append(" (the first ").append(MAX_ROWS).append("; refine the query for the rest)");
    }
    out.append(" · <a id=\"csv\" href=\"/api/sql.csv?q=")
        .append(esc(java.net.URLEncoder.encode(sql, java.nio.charset.StandardCharsets.UTF_8)))
        .append("\">download CSV</a></p><table id=\"results\"><thead><tr>");
    table.columns().forEach(column -> out.append("<th>").append(esc(column)).append("</th>"));
    out.append("</tr></thead><tbody>");
    for (List<Object> row : table.rows()) {
      out.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String value = row.get(i) == null ? "" : String.valueOf(row.get(i));
        boolean runColumn = table.columns().get(i).matches("(?i).*run(_id)?|id");
        out.append("<td>");
        if (runColumn && RUN_ID.matcher(value).matches()) {
          out.append("<a href=\"/runs/").append(esc(value)).append("\"><code>").append(esc(value));
          out.append("</code></a>");
        } else {
          out.append(esc(Html.cut(value, 300)));
        }
        out.append("</td>");
      }
      out.append("</tr>");
    }
    return out.append("</tbody></table>").toString();
  }
}
