package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.DistilleryException;
import dev.distillery.trace.QueryTable;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.SampleRuns;
import dev.distillery.trace.SqlConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser's SQL console on a store that is also writing. */
class ConsoleTest {
  @TempDir Path dir;

  @Test
  void should_run_a_select_and_refuse_everything_else_while_the_store_keeps_writing()
      throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.csv"), "a\n42\n");
    try (DuckDbTraceStore store = DuckDbTraceStore.open(dir.resolve("s.duckdb"))) {
      SampleRuns.fullRun("run-1", Instant.parse("2026-11-01T10:00:00Z")).forEach(store::record);
      SqlConsole console = store.console();

      QueryTable table =
          console.query("select kind, count(*) as n from events group by 1 order by 1", 100);
      assertEquals(List.of("kind", "n"), table.columns());
      assertTrue(table.rows().size() > 3);

      for (String sql :
          List.of(
              "delete from runs",
              "drop table runs",
              "copy runs to '" + dir.resolve("out.csv") + "'",
              "attach '" + dir.resolve("other.duckdb") + "' as other",
              "install httpfs",
              "set enable_external_access = true",
              "select 1; delete from runs",
              "select * from read_csv('" + secret + "')")) {
        assertThrows(DistilleryException.class, () -> console.query(sql, 10), sql);
      }
      for (String sql : List.of("delete from runs", "drop table runs", "install httpfs")) {
        DistilleryException refused =
            assertThrows(DistilleryException.class, () -> console.query(sql, 10), sql);
        assertEquals(QueryRunner.SELECT_ONLY, refused.getMessage(), "our reason, not DuckDB's");
      }
      assertEquals(1, store.countRuns(RunFilter.latest(10)), "nothing was deleted");
      assertTrue(!Files.exists(dir.resolve("out.csv")));
      SampleRuns.fullRun("run-2", Instant.parse("2026-11-02T10:00:00Z")).forEach(store::record);
      assertEquals(2, store.countRuns(RunFilter.latest(10)), "the store still writes");
    }
  }
}
