package dev.distillery.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.store.StoreLockedException;
import dev.distillery.trace.Csv;
import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.QueryTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery sql}: read-only SQL over the store. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run a read-only SQL query over the store.",
      "Tables: runs, events, messages, annotations.",
      "No writes, no files, no extensions: the connection is read-only and locked down."
    })
final class SqlCommand implements Callable<Integer> {
  enum OutputFormat {
    TABLE,
    CSV,
    JSON,
    MARKDOWN
  }

  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin LakeOption lakeOption;

  @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The SQL query.")
  String query;

  @Option(names = "--file", paramLabel = "FILE", description = "Read the query from a file.")
  Path file;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default: table).")
  OutputFormat format;

  @Option(
      names = "--max-rows",
      defaultValue = "1000",
      description =
          "Print at most N rows (default 1000); a note on stderr says when rows were cut.")
  int maxRows;

  @Override
  public Integer call() throws IOException {
    String sql = sql();
    PrintWriter out = spec.commandLine().getOut();
    if (lakeOption.given()) {
      try (DuckDbTraceStore lake =
          lakeOption.open(storeOption, root.context, spec.commandLine().getErr(), true)) {
        print(lake.query(sql, maxRows), out, false);
        return ExitCode.OK;
      }
    }
    Path file = storeOption.resolve(root.context);
    ServeFile server = ServeFile.find(file).orElse(null);
    if (server == null) {
      try (DuckDbTraceStore store = Stores.here(file, true)) {
        print(store.query(sql, maxRows), out, false);
        return ExitCode.OK;
      } catch (StoreLockedException locked) {
        // a serve that is starting holds the file before it says where it listens
        server = Stores.server(file, locked);
      }
    }
    // serve holds the file and nobody else may open it: ask the server
    print(viaServer(server, sql), out, true);
    return ExitCode.OK;
  }

  private QueryTable viaServer(ServeFile server, String sql) {
    try {
      QueryTable table = server.client().sql(sql);
      boolean cut = table.rows().size() > maxRows;
      List<List<Object>> rows = cut ? table.rows().subList(0, maxRows) : table.rows();
      return new QueryTable(table.columns(), rows, cut || table.truncated());
    } catch (IngestException e) {
      // the query's own fault reads as it does without serve; anything else names the server
      throw new DistilleryException(e.status() == 400 ? e.reason() : e.getMessage(), e);
    }
  }

  private void print(QueryTable result, PrintWriter out, boolean served) throws IOException {
    switch (format) {
      case TABLE -> table(result, out);
      case CSV -> csv(result, out);
      case JSON -> json(result, out);
      case MARKDOWN -> markdown(result, out);
    }
    out.flush();
    if (result.truncated()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "distillery: showing the first "
              + result.rows().size()
              + " rows; --max-rows N shows more"
              + (served ? " (at most 1,000 while distillery serve holds the store)" : ""));
      err.flush();
    }
  }

  private String sql() throws IOException {
    if (file != null && query != null) {
      throw new DistilleryException(
          "give the query either as an argument or with --file, not both");
    }
    if (file != null) {
      Path path = root.context.cwd().resolve(file);
      if (!Files.isRegularFile(path)) {
        throw new DistilleryException("no query file " + path);
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    }
    if (query == null || query.isBlank()) {
      throw new DistilleryException(
          "give a query: distillery sql \"SELECT ...\" (or --file q.sql)");
    }
    return query;
  }

  private static void table(QueryTable result, PrintWriter out) {
    TextTable table = new TextTable(result.columns(), 80);
    result.rows().forEach(table::row);
    table.print(out);
    out.println("(" + result.rows().size() + (result.rows().size() == 1 ? " row)" : " rows)"));
  }

  private static void csv(QueryTable result, PrintWriter out) {
    out.print(Csv.text(result.columns(), result.rows()));
  }

  private static void json(QueryTable result, PrintWriter out) throws JsonProcessingException {
    for (List<Object> row : result.rows()) {
      ObjectNode node = Json.MAPPER.createObjectNode();
      for (int i = 0; i < result.columns().size(); i++) {
        node.set(result.columns().get(i), Json.MAPPER.valueToTree(jsonValue(row.get(i))));
      }
      out.println(Json.MAPPER.writeValueAsString(node));
    }
  }

  private static Object jsonValue(Object value) {
    if (value == null
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof String) {
      return value;
    }
    return String.valueOf(value);
  }

  private static void markdown(QueryTable result, PrintWriter out) {
    out.println("| " + String.join(" | ", result.columns()) + " |");
    out.println("|" + " --- |".repeat(result.columns().size()));
    for (List<Object> row : result.rows()) {
      List<String> cells = new ArrayList<>();
      for (Object cell : row) {
        cells.add(
            cell == null ? "" : String.valueOf(cell).replace("|", "\\|").replace("\n", "<br>"));
      }
      out.println("| " + String.join(" | ", cells) + " |");
    }
  }
}
