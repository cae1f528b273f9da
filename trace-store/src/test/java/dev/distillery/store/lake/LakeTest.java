package dev.distillery.store.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.SampleRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTest {
  @TempDir Path dir;

  private Path store(int runs) {
    Path file = dir.resolve("shard.duckdb");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      for (int i = 0; i < runs; i++) {
        store.recordAll(SampleRuns.fullRun("run-" + i, SampleRuns.T0.plusSeconds(i)));
      }
      store.annotate(
          new Annotation(
              "ann-1", "run-0", null, "ana", "correct", List.of("x"), null, Instant.now()));
    }
    return file;
  }

  /** A plain DuckDB reader of the lake's folders, as any other tool would read them. */
  private static List<String> rows(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          cells.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(String.join(",", cells));
      }
      return rows;
    }
  }

  private String glob(String table) {
    return "read_parquet('"
        + dir.resolve("lake").resolve(table)
        + "/**/*.parquet', hive_partitioning = true, union_by_name = true)";
  }

  @Test
  void should_hold_one_copy_of_each_run_when_a_store_is_pushed_twice() throws Exception {
    Path file = store(3);
    Lake lake = new Lake(dir.resolve("lake"));
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(file)) {
      lake.push(store, null);
      List<Lake.Pushed> again = lake.push(store, null);
      assertEquals(new LakePartition("suite-1", "s0"), again.get(0).partition());
      assertEquals(3L, again.get(0).rows().get("runs"));
    }

    assertEquals(
        List.of("3,3,suite-1,s0,VARCHAR"),
        rows(
            "select count(*), count(distinct id), any_value(suite_run), any_value(shard),"
                + " any_value(typeof(shard)) from "
                + glob("runs")));
    assertEquals(
        List.of("39,run-0,count-files"),
        rows(
            "select count(*), min(e.run_id), any_value(r.task_id) from "
                + glob("events")
                + " e join "
                + glob("runs")
                + " r on r.id = e.run_id"));
    try (DuckDbTraceStore read = lake.open(false)) {
      assertEquals(3, read.countRuns(RunFilter.latest(10)));
      assertEquals(13, read.events("run-1").size());
      assertEquals("correct", read.annotations("run-0").get(0).label());
    }
  }

  @Test
  void should_show_nothing_of_a_push_killed_between_its_files_and_its_manifest() throws Exception {
    Path file = store(2);
    Lake lake = new Lake(dir.resolve("lake"));
    LakeWriter writer = new LakeWriter(lake.dir());
    try (DuckDbTraceStore store = DuckDbTraceStore.openReadOnly(file)) {
      writer.stage(store, new LakePartition("suite-1", "s0")); // killed here, before its commit
      try (DuckDbTraceStore read = lake.open(false)) {
        assertEquals(0, read.countRuns(RunFilter.latest(10)), "no manifest, nothing visible");
      }
      assertEquals(List.of(), lake.partitions());

      lake.push(store, null); // the retry commits
      writer.stage(store, new LakePartition("suite-1", "s0")); // and a later retry dies too
      try (DuckDbTraceStore read = lake.open(true)) {
        assertEquals(2, read.countRuns(RunFilter.latest(10)), "one copy: the committed one");
      }
      assertEquals(2, parquetFiles("runs"), "the dead retry's file lies there, unseen");

      lake.push(store, null);
    }
    assertEquals(1, parquetFiles("runs"), "a push removes its partition's leftovers");
    assertEquals(List.of("2,2"), rows("select count(*), count(distinct id) from " + glob("runs")));
  }

  @Test
  void should_append_labels_once_and_read_them_with_the_runs() throws Exception {
    Path file = store(1);
    Lake lake = new Lake(dir.resolve("lake"));
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      assertEquals(1, lake.pushLabels(store), "the lake had no shard yet: the label goes");
      store.annotate(
          new Annotation(
              "ann-2", "run-0", null, "bo", "incorrect", List.of(), "no", Instant.now()));
      assertEquals(1, lake.pushLabels(store), "only the new one");
      assertEquals(0, lake.pushLabels(store));
      lake.push(store, null);
    }
    assertEquals(2, new LakeLabels(lake.dir()).files().size());
    assertEquals(
        List.of("2"),
        rows(
            "select count(*) from "
                + glob("labels").replace(", hive_partitioning = true", "").replace("/**/*", "/*")));
    assertEquals(new Lake.Compacted(0, 2), lake.compact());
    assertEquals(1, new LakeLabels(lake.dir()).files().size());
    try (DuckDbTraceStore read = lake.open(false)) {
      assertEquals(2, read.annotations("run-0").size(), "one row per annotation id");
    }
  }

  private long parquetFiles(String table) throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("lake").resolve(table))) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }
}
