package dev.distillery.store.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventPayload.RunStarted;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunSpec;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark (spark-sql in local mode, as a Spark user would read the lake) and DuckDB read the same
 * lake that {@link Lake} wrote: three shards of a suite run and runs of no suite, one shard pushed,
 * its retry killed before its commit and retried again, annotations in the shards and labels
 * appended later. Each table must have the same rows (count, keys, per-column counts and sums) and
 * columns of corresponding types in both, and what {@link Lake#open} reads.
 *
 * <p>In the lake's package for {@link LakeWriter#stage}: a push killed between its files and its
 * manifest, exactly as a dead shard leaves it.
 */
class SparkReadsLakeTest {
  private static final String SUITE_RUN = "sr-spark";
  private static final List<String> TASKS = List.of("a", "b", "c", "d");
  private static final int ATTEMPTS = 3;
  private static final int SHARDS = 3;

  /** The key of each table's rows, as SQL both engines run. */
  private static final Map<String, String> KEYS =
      Map.of(
          "runs", "id",
          "events", "id",
          "messages", "concat(run_id, '#', cast(idx AS STRING))",
          "annotations", "id",
          "labels", "id");

  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void startSpark(@TempDir Path sparkDir) {
    spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("distillery-lake")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.debug.maxToStringFields", "100")
            .config("spark.sql.warehouse.dir", sparkDir.resolve("warehouse").toString())
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void should_read_each_table_as_duckdb_does_once_every_push_has_finished() throws Exception {
    Written written = writeLake(true);
    Path lake = dir.resolve("lake");
    assertEquals(0, uncommittedFiles(lake), "the last retry swept what the killed one left");

    for (String table : List.of("runs", "events", "messages", "annotations", "labels")) {
      // a plain read of the folder, as a Spark user would write it first
      Table sparkGlob = spark(lake, table, List.of(folder(lake, table)));
      Table duckGlob = duckdb(table, glob(lake, table));
      assertSame(duckGlob, sparkGlob, table + ": DuckDB and Spark, reading the folders");
      // the read through the manifests (docs/scale.md), right whether or not a push is in flight
      Table sparkCommitted = spark(lake, table, committed(lake, table));
      assertSame(sparkGlob, sparkCommitted, table + ": the folders hold only committed files");
      assertSame(
          duckdb(table, list(committed(lake, table))), sparkCommitted, table + ": manifests");

      assertEquals(written.rows().get(table), sparkGlob.rows(), table + ": the rows written");
      assertEquals(sparkGlob.rows(), (long) sparkGlob.keys().size(), table + ": a row per key");
      if (!table.equals("labels")) {
        assertEquals("string", sparkGlob.types().get("suite_run"), table + ": partition column");
        assertEquals("string", sparkGlob.types().get("shard"), table + ": partition column");
      }
      // target/surefire-reports/*-output.txt: what was compared
      System.out.printf(
          "%s: %d rows in both, columns %s%n", table, sparkGlob.rows(), sparkGlob.types());
    }
    assertEquals(
        written.shard2(),
        sparkKeys(lake, "runs", "SELECT id FROM t WHERE suite_run = 'sr-spark' AND shard = 's2'"),
        "shard 2's runs, in shard 2's partition");
    // docs/scale.md's spark-sql: a view of a table's folder
    spark.sql(
        "CREATE OR REPLACE TEMPORARY VIEW lake_runs USING parquet OPTIONS (path '"
            + folder(lake, "runs")
            + "', mergeSchema 'true')");
    assertEquals(
        written.rows().get("runs"), spark.sql("SELECT count(*) FROM lake_runs").first().getLong(0));
    // and its annotations: the shards' and the labels appended later, one row per id
    long annotations =
        read(lake, "annotations", committed(lake, "annotations"))
            .unionByName(spark.read().parquet(folder(lake, "labels")), true)
            .dropDuplicates("id")
            .count();

    // what distillery's own reader (runs/sql/export --lake) loads
    try (DuckDbTraceStore read = new Lake(lake).open(true)) {
      assertEquals(written.rows().get("runs"), read.countRuns(RunFilter.latest(1000)));
      for (String table : List.of("runs", "events", "messages")) {
        assertEquals(written.rows().get(table), count(read, table), "Lake.open: " + table);
      }
      assertEquals(
          written.rows().get("annotations") + written.rows().get("labels"),
          count(read, "annotations"),
          "Lake.open: the shards' annotations and the labels");
      assertEquals(count(read, "annotations"), annotations, "Spark: annotations and labels");
    }
  }

  @Test
  void should_read_only_committed_files_through_the_manifests_while_a_retry_is_unfinished()
      throws Exception {
    Written written = writeLake(false); // shard 2's retry was killed before its commit
    Path lake = dir.resolve("lake");
    assertTrue(uncommittedFiles(lake) > 0, "the killed retry's files lie in shard 2's folders");

    for (String table : List.of("runs", "events", "messages", "annotations")) {
      Table sparkCommitted = spark(lake, table, committed(lake, table));
      assertSame(
          duckdb(table, list(committed(lake, table))), sparkCommitted, table + ": manifests");
      assertEquals(
          written.firstPush().get(table), sparkCommitted.rows(), table + ": shard 2's first push");
      assertEquals(sparkCommitted.rows(), (long) sparkCommitted.keys().size(), table);

      // what a plain read of the folders gets meanwhile: both pushes of shard 2
      Table sparkGlob = spark(lake, table, List.of(folder(lake, table)));
      assertSame(duckdb(table, glob(lake, table)), sparkGlob, table + ": folders");
      assertNotEquals(sparkCommitted.rows(), sparkGlob.rows(), table + ": a shard seen twice");
    }
  }

  // ---- the lake ----

  /**
   * What the lake must hold, counted in the stores that were pushed: each table's rows once every
   * push has finished, and while shard 2's retry has not committed (its first push's rows); shard
   * 2's run ids.
   */
  record Written(Map<String, Long> rows, Map<String, Long> firstPush, Set<String> shard2) {}

  /**
   * Shards 1 to 3 of a suite run of 4 tasks x 3 attempts, dealt round-robin as {@code run --shard}
   * deals them; 2 runs of no suite; annotations in two shards, and labels appended to the lake.
   * Shard 2 is pushed while its last run is unfinished (a push of a shard that is still running, or
   * that died), then its retry finishes the run and pushes again: first killed between its files
   * and its manifest, then (when {@code retried}) once more to the end.
   */
  private Written writeLake(boolean retried) throws Exception {
    Lake lake = new Lake(dir.resolve("lake"));
    Map<Integer, List<List<TraceEvent>>> shards = new TreeMap<>();
    int pair = 0;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      for (String task : TASKS) {
        int shard = pair % SHARDS + 1;
        Instant start = SampleRuns.T0.plusSeconds(60L * pair);
        String id = SUITE_RUN + "-" + task + attempt;
        List<TraceEvent> run =
            task.equals("d") ? SampleRuns.controlRun(id, start) : SampleRuns.fullRun(id, start);
        shards
            .computeIfAbsent(shard, k -> new ArrayList<>())
            .add(sharded(run, task, attempt, SUITE_RUN, shard + "/" + SHARDS));
        pair++;
      }
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, Long> firstPush = new LinkedHashMap<>();
    Set<String> shard2 = new TreeSet<>();
    for (Map.Entry<Integer, List<List<TraceEvent>>> shard : shards.entrySet()) {
      Path file = dir.resolve("shard-" + shard.getKey() + ".duckdb");
      List<List<TraceEvent>> runs = shard.getValue();
      boolean dies = shard.getKey() == 2;
      try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
        for (int i = 0; i < runs.size(); i++) {
          List<TraceEvent> run = runs.get(i);
          if (dies) {
            shard2.add(run.get(0).runId());
          }
          // shard 2 pushes with its last run cut after 4 events (the model's first request)
          store.recordAll(dies && i == runs.size() - 1 ? run.subList(0, 4) : run);
        }
        if (shard.getKey() != 3) {
          store.annotate(
              new Annotation(
                  "ann-s" + shard.getKey(),
                  runs.get(0).get(0).runId(),
                  null,
                  "ana",
                  "correct",
                  List.of("checked", "s" + shard.getKey()),
                  null,
                  SampleRuns.T0.plusSeconds(3600)));
        }
      }
      add(firstPush, push(lake, file));
      if (dies) {
        try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
          List<TraceEvent> last = runs.get(runs.size() - 1);
          store.recordAll(last.subList(4, last.size())); // the retry finishes the run
        }
        try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(file)) {
          // killed here: its files are in position, its manifest never written
          new LakeWriter(lake.dir()).stage(store, new LakePartition(SUITE_RUN, "s2"));
        }
        if (retried) {
          add(rows, push(lake, file));
        }
      } else {
        add(rows, rows(file));
      }
    }
    // runs of no suite (one-off runs): their own partition, suite_run=none/shard=s0
    Path adHoc = dir.resolve("ad-hoc.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(adHoc)) {
      for (int i = 0; i < 2; i++) {
        store.recordAll(
            sharded(
                SampleRuns.fullRun("one-off-" + i, SampleRuns.T0.plusSeconds(7200 + i)),
                null,
                1,
                null,
                null));
      }
    }
    Map<String, Long> oneOff = push(lake, adHoc);
    add(rows, oneOff);
    add(firstPush, oneOff);
    // a person labels both later: the labels go to DIR/labels/, not to a partition
    try (DuckDbTraceStore store = DuckDbTraceStore.open(adHoc)) {
      for (String id : List.of("one-off-0", "one-off-1")) {
        store.annotate(
            new Annotation(
                "label-" + id,
                id,
                null,
                "bo",
                "incorrect",
                List.of(),
                "wrong count",
                SampleRuns.T0.plusSeconds(9000)));
      }
      assertEquals(2, lake.pushLabels(store));
    }
    rows.put("labels", 2L);
    firstPush.put("labels", 2L);
    assertEquals(SHARDS * 4 + 2, firstPush.get("runs"), "12 pairs and 2 one-off runs");
    if (retried) {
      assertEquals(firstPush.get("runs"), rows.get("runs"));
      assertTrue(rows.get("events") > firstPush.get("events"), "the retry added events");
      assertTrue(rows.get("messages") > firstPush.get("messages"), "and messages");
    }
    return new Written(rows, firstPush, shard2);
  }

  private static long count(DuckDbTraceStore store, String table) {
    return ((Number) store.query("SELECT count(*) FROM " + table, 1).rows().get(0).get(0))
        .longValue();
  }

  private static void add(Map<String, Long> sum, Map<String, Long> rows) {
    rows.forEach((table, n) -> sum.merge(table, n, Long::sum));
  }

  /** Pushes a store; its rows, counted in the store, per table. */
  private static Map<String, Long> push(Lake lake, Path store) throws Exception {
    try (DuckDbTraceStore read = DuckDbTraceStore.openReadOnly(store)) {
      lake.push(read, null);
    }
    return rows(store);
  }

  /** Each table's rows in a store file (which holds one partition here). */
  private static Map<String, Long> rows(Path store) throws Exception {
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store, readOnly);
        Statement s = c.createStatement()) {
      for (String table : List.of("runs", "events", "messages", "annotations")) {
        rows.put(table, Long.parseLong(query(s, "SELECT count(*) FROM " + table).get(0).get(0)));
      }
    }
    return rows;
  }

  /** The same run, recorded as a run of the given task, attempt, suite run and shard. */
  private static List<TraceEvent> sharded(
      List<TraceEvent> run, String task, int attempt, String suiteRun, String shard) {
    TraceEvent first = run.get(0);
    RunSpec spec = ((RunStarted) first.payload()).spec();
    RunSpec mine =
        new RunSpec(
            spec.taskPrompt(),
            task,
            suiteRun,
            attempt,
            spec.model(),
            spec.provider(),
            spec.mode(),
            spec.workingDirectory(),
            null,
            null,
            shard == null ? "{}" : "{\"shard\":\"" + shard + "\"}");
    List<TraceEvent> events = new ArrayList<>(run);
    events.set(
        0,
        new TraceEvent(
            first.id(),
            first.runId(),
            first.parentId(),
            first.seq(),
            first.timestamp(),
            first.durationMs(),
            new RunStarted(mine)));
    return events;
  }

  private static long uncommittedFiles(Path lake) throws Exception {
    Set<Path> committed = new TreeSet<>();
    new Lake(lake).committedFiles().values().forEach(committed::addAll);
    try (Stream<Path> files = Files.walk(lake)) {
      return files
          .filter(f -> f.toString().endsWith(".parquet"))
          .filter(f -> !f.startsWith(lake.resolve("labels")))
          .filter(f -> !committed.contains(f))
          .count();
    }
  }

  // ---- reading ----

  /**
   * A table as one engine read it: its rows, its keys, each column's type (as Spark names it) and
   * its count of non-null values, and the sums of numeric columns.
   */
  record Table(
      long rows,
      Set<String> keys,
      Map<String, String> types,
      Map<String, Long> nonNull,
      Map<String, String> sums) {}

  private static String folder(Path lake, String table) {
    return lake.resolve(table).toString();
  }

  /**
   * The files of a table that the committed manifests name, as Spark reads them from {@code
   * DIR/_manifests} (docs/scale.md): the same as the lake's own list ({@link Lake#committedFiles}).
   * Labels: the files of {@code DIR/labels/}, each complete when it appears.
   */
  private static List<String> committed(Path lake, String table) {
    if (table.equals("labels")) {
      return new LakeLabels(lake).files().stream().map(Path::toString).toList();
    }
    Dataset<Row> manifests =
        spark
            .read()
            .option("multiLine", "true")
            .option("recursiveFileLookup", "true") // suite_run=R/ is not a column here
            .json(lake.resolve("_manifests") + "/*/*.json");
    List<String> files = new ArrayList<>();
    for (Row row : manifests.selectExpr("explode(tables." + table + ".files)").collectAsList()) {
      files.add(lake.resolve(row.getString(0)).toString());
    }
    assertEquals(
        new TreeSet<>(
            new Lake(lake).committedFiles().get(table).stream().map(Path::toString).toList()),
        new TreeSet<>(files),
        table + ": the manifests' files, read by Spark");
    return files;
  }

  private static String glob(Path lake, String table) {
    String files = table.equals("labels") ? "/*.parquet" : "/**/*.parquet";
    return "[" + LakePartition.literal(lake.resolve(table) + files) + "]";
  }

  private static String list(List<String> files) {
    return "[" + String.join(", ", files.stream().map(LakePartition::literal).toList()) + "]";
  }

  /**
   * Spark's read of a table: its folder (the partitions found in the paths) or the listed files,
   * with the table's folder as basePath so that the partition columns are there too.
   */
  private static Dataset<Row> read(Path lake, String table, List<String> paths) {
    Dataset<Row> read =
        spark
            .read()
            .option("basePath", lake.resolve(table).toString())
            .option("mergeSchema", "true")
            .parquet(paths.toArray(String[]::new));
    read.createOrReplaceTempView("t");
    return read;
  }

  private static Set<String> sparkKeys(Path lake, String table, String sql) {
    read(lake, table, List.of(folder(lake, table)));
    return column(spark.sql(sql));
  }

  private static Table spark(Path lake, String table, List<String> paths) {
    Dataset<Row> read = read(lake, table, paths);
    Map<String, String> types = new TreeMap<>();
    for (StructField field : read.schema().fields()) {
      types.put(field.name(), field.dataType().simpleString());
    }
    return new Table(
        read.count(),
        column(spark.sql("SELECT " + KEYS.get(table) + " FROM t")),
        types,
        sparkNonNull(types),
        sparkSums(types));
  }

  /** The same table, read twice: the same columns and types, rows, keys, counts and sums. */
  private static void assertSame(Table expected, Table actual, String what) {
    assertEquals(expected.types(), actual.types(), what + ": columns and their types");
    assertEquals(expected.rows(), actual.rows(), what + ": rows");
    Set<String> missing = new TreeSet<>(expected.keys());
    missing.removeAll(actual.keys());
    Set<String> extra = new TreeSet<>(actual.keys());
    extra.removeAll(expected.keys());
    assertEquals(Set.of(), missing, what + ": keys missing");
    assertEquals(Set.of(), extra, what + ": keys that should not be there");
    assertEquals(expected.nonNull(), actual.nonNull(), what + ": values (not null) per column");
    assertEquals(expected.sums(), actual.sums(), what + ": sums of the numeric columns");
  }

  private static Set<String> column(Dataset<Row> rows) {
    Set<String> values = new TreeSet<>();
    for (Row row : rows.collectAsList()) {
      values.add(String.valueOf(row.get(0)));
    }
    return values;
  }

  private static Map<String, Long> sparkNonNull(Map<String, String> types) {
    Map<String, Long> counts = new TreeMap<>();
    Row row = spark.sql("SELECT " + aggregates(types.keySet(), "count(`%s`)") + " FROM t").first();
    int i = 0;
    for (String column : types.keySet()) {
      counts.put(column, row.getLong(i++));
    }
    return counts;
  }

  private static Map<String, String> sparkSums(Map<String, String> types) {
    List<String> numeric = numeric(types);
    Map<String, String> sums = new TreeMap<>();
    if (numeric.isEmpty()) {
      return sums;
    }
    Row row =
        spark
            .sql("SELECT " + aggregates(numeric, "cast(sum(`%s`) AS decimal(38, 6))") + " FROM t")
            .first();
    for (int i = 0; i < numeric.size(); i++) {
      sums.put(numeric.get(i), String.valueOf(row.get(i)));
    }
    return sums;
  }

  private static List<String> numeric(Map<String, String> sparkTypes) {
    return sparkTypes.entrySet().stream()
        .filter(e -> Set.of("bigint", "int", "double").contains(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static String aggregates(java.util.Collection<String> columns, String format) {
    return String.join(", ", columns.stream().map(c -> String.format(format, c)).toList());
  }

  /** DuckDB's read of the same files, Hive partitions from the paths, columns matched by name. */
  private static Table duckdb(String table, String files) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute(
          "CREATE VIEW t AS SELECT * FROM read_parquet("
              + files
              + (table.equals("labels") ? "" : ", hive_partitioning = true")
              + ", union_by_name = true)");
      Map<String, String> types = new TreeMap<>();
      for (List<String> column : query(s, "DESCRIBE t")) {
        types.put(column.get(0), sparkType(column.get(1)));
      }
      long rows = Long.parseLong(query(s, "SELECT count(*) FROM t").get(0).get(0));
      Set<String> keys = new TreeSet<>();
      query(s, "SELECT " + KEYS.get(table) + " FROM t").forEach(r -> keys.add(r.get(0)));
      Map<String, Long> nonNull = new TreeMap<>();
      List<String> counts =
          query(s, "SELECT " + aggregates(types.keySet(), "count(\"%s\")") + " FROM t").get(0);
      int i = 0;
      for (String column : types.keySet()) {
        nonNull.put(column, Long.parseLong(counts.get(i++)));
      }
      Map<String, String> sums = new TreeMap<>();
      List<String> numeric = numeric(types);
      if (!numeric.isEmpty()) {
        List<String> values =
            query(
                    s,
                    "SELECT "
                        + aggregates(numeric, "cast(sum(\"%s\") AS decimal(38, 6))")
                        + " FROM t")
                .get(0);
        for (int j = 0; j < numeric.size(); j++) {
          sums.put(numeric.get(j), values.get(j));
        }
      }
      return new Table(rows, keys, types, nonNull, sums);
    }
  }

  private static List<List<String>> query(Statement s, String sql) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * The Spark type that corresponds to a DuckDB type read from the same Parquet column. DuckDB's
   * TIMESTAMP is written as a Parquet timestamp not adjusted to UTC, which Spark reads as
   * timestamp_ntz; TIMESTAMP WITH TIME ZONE as Spark's timestamp. JSON is a string.
   */
  static String sparkType(String duckdb) {
    if (duckdb.endsWith("[]")) {
      return "array<" + sparkType(duckdb.substring(0, duckdb.length() - 2)) + ">";
    }
    return switch (duckdb) {
      case "VARCHAR", "JSON" -> "string";
      case "BIGINT" -> "bigint";
      case "INTEGER" -> "int";
      case "SMALLINT" -> "smallint";
      case "DOUBLE" -> "double";
      case "FLOAT" -> "float";
      case "BOOLEAN" -> "boolean";
      case "TIMESTAMP" -> "timestamp_ntz";
      case "TIMESTAMP WITH TIME ZONE" -> "timestamp";
      default -> fail("no Spark type for DuckDB's " + duckdb);
    };
  }
}
