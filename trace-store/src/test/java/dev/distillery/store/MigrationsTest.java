package dev.distillery.store;

import static dev.distillery.trace.SampleRuns.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.SampleRuns;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  private static final Migrations V1 = Migrations.load(List.of("V1__initial.sql"));
  private static final Migrations V2 =
      Migrations.load(List.of("V1__initial.sql", "V2__test_priorities.sql"));
  private static final Migrations BROKEN_V2 =
      Migrations.load(List.of("V1__initial.sql", "V2__test_broken.sql"));

  @TempDir Path dir;
  private Path file;
  private String writtenSearchText;

  @BeforeEach
  void createVersion1Store() throws SQLException {
    file = dir.resolve("traces.duckdb");
    // a file as distillery 0.1 left it: written at the newest schema, then taken back to V1
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      SampleRuns.fullRun("run-v1", T0).forEach(store::record);
    }
    writtenSearchText = scalar("SELECT search_text FROM runs WHERE id = 'run-v1'");
    for (String sql :
        List.of(
            "DROP VIEW latest_judgements",
            "DROP TABLE judgements",
            "ALTER TABLE runs DROP COLUMN search_text",
            "ALTER TABLE runs DROP COLUMN search_words",
            "DROP MACRO search_fold",
            "DROP MACRO word_set",
            "DROP VIEW run_links",
            "DROP VIEW resumes",
            "DROP VIEW checkpoints",
            "DROP VIEW loops",
            "DROP VIEW tool_stats",
            "DROP VIEW label_disagreements",
            "DROP VIEW task_stats",
            "DROP VIEW failure_signatures",
            "DROP VIEW failures",
            "DROP VIEW labels",
            "DROP VIEW model_calls",
            "DROP VIEW tool_calls",
            "DROP VIEW tasks",
            "DROP VIEW suite_runs",
            "ALTER TABLE events DROP COLUMN signature",
            "ALTER TABLE events DROP COLUMN call_hash",
            "ALTER TABLE events DROP COLUMN call_args",
            "UPDATE distillery_meta SET value = '1' WHERE key = 'schema_version'")) {
      try {
        execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(sql, e);
      }
    }
  }

  @Test
  void should_record_the_schema_version_in_a_new_store() throws SQLException {
    assertEquals("1", scalar("SELECT value FROM distillery_meta WHERE key = 'schema_version'"));
    Path fresh = dir.resolve("fresh.duckdb");
    DuckDbTraceStore.open(fresh).close();
    file = fresh;
    assertEquals(
        String.valueOf(Migrations.standard().latest()),
        scalar("SELECT value FROM distillery_meta WHERE key = 'schema_version'"));
  }

  @Test
  void should_refuse_a_store_written_by_a_newer_distillery() throws SQLException {
    execute("UPDATE distillery_meta SET value = '99' WHERE key = 'schema_version'");
    int supported = Migrations.standard().latest();

    StoreVersionException writing =
        assertThrows(StoreVersionException.class, () -> DuckDbTraceStore.open(file));
    StoreVersionException reading =
        assertThrows(StoreVersionException.class, () -> DuckDbTraceStore.openReadOnly(file));

    String expected =
        "store "
            + file
            + " has schema version 99 but this distillery supports up to "
            + supported
            + ";"
            + " upgrade distillery";
    assertEquals(expected, writing.getMessage());
    assertEquals(expected, reading.getMessage());
    assertEquals(99, writing.found());
    assertEquals(supported, writing.supported());
    assertEquals("99", scalar("SELECT value FROM distillery_meta WHERE key = 'schema_version'"));
  }

  @Test
  void should_migrate_a_version_1_store_when_a_newer_distillery_opens_it() throws SQLException {
    execute(
        "INSERT INTO events (id, run_id, seq, kind, ts, name, text, exit_code, data) VALUES"
            + " ('old-err', 'run-v1', 99, 'tool_result', TIMESTAMP '2026-01-01', 'bash',"
            + " 'cat: /srv/app/a.txt: No such file or directory', 1,"
            + " '{\"callId\":\"c9\",\"toolName\":\"bash\",\"output\":\"x\",\"exitCode\":1,"
            + "\"truncated\":false,\"isError\":true}')");

    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      assertEquals("answered", store.run("run-v1").orElseThrow().outcome());
      assertEquals(14, store.events("run-v1").size());
    }

    assertEquals(
        String.valueOf(Migrations.standard().latest()),
        scalar("SELECT value FROM distillery_meta WHERE key = 'schema_version'"));
    assertEquals(
        "cat: <path>: No such file or directory",
        scalar("SELECT signature FROM events WHERE id = 'old-err'"),
        "the migration fills signatures of rows written before it, as the writer would");
    assertEquals(
        FailureSignature.normalise("cat: /srv/app/a.txt: No such file or directory"),
        scalar("SELECT signature FROM events WHERE id = 'old-err'"));
    assertEquals(
        "1",
        scalar(
            "SELECT occurrences FROM failure_signatures"
                + " WHERE signature = 'cat: <path>: No such file or directory'"));
    assertEquals(
        "0", scalar("SELECT count(*) FROM events WHERE kind = 'tool_call' AND call_hash IS NULL"));
    String tool = scalar("SELECT name FROM events WHERE kind = 'tool_call' ORDER BY seq LIMIT 1");
    String arguments =
        scalar("SELECT text FROM events WHERE kind = 'tool_call' ORDER BY seq LIMIT 1");
    assertEquals(
        String.valueOf(CallHash.of(tool, arguments)),
        scalar("SELECT call_hash FROM events WHERE kind = 'tool_call' ORDER BY seq LIMIT 1"),
        "the migration fingerprints old tool calls exactly as the writer does");
    assertEquals(
        arguments,
        scalar("SELECT call_args FROM events WHERE kind = 'tool_call' ORDER BY seq LIMIT 1"),
        "the migration copies old tool calls' arguments as the writer does");
    assertEquals(
        "0",
        scalar("SELECT count(*) FROM events WHERE kind <> 'tool_call' AND call_args IS NOT NULL"));
    assertTrue(writtenSearchText.length() > 20, writtenSearchText);
    assertEquals(
        writtenSearchText + "\u001fcat: /srv/app/a.txt: no such file or directory",
        scalar("SELECT search_text FROM runs WHERE id = 'run-v1'"),
        "the migration fills search texts of old runs exactly as the writer does");
    assertEquals(
        "1",
        scalar(
            "SELECT count(*) FROM runs WHERE list_contains(string_split(search_words, ' '), '/srv/app/a.txt:')"),
        "and their words");
  }

  @Test
  void should_ask_for_a_writing_command_when_read_only_finds_an_older_schema() {
    StoreVersionException error =
        assertThrows(
            StoreVersionException.class, () -> DuckDbTraceStore.openReadOnly(file, V2, false));

    assertTrue(
        error
            .getMessage()
            .startsWith("store " + file + " has schema v1, run any writing command to migrate it"),
        error.getMessage());
  }

  @Test
  void should_leave_nothing_of_a_migration_that_fails() throws SQLException {
    StoreException error =
        assertThrows(
            StoreException.class, () -> DuckDbTraceStore.open(file, BROKEN_V2, Clock.systemUTC()));

    assertTrue(error.getMessage().contains("a_table_that_does_not_exist"), error.getMessage());
    assertEquals("1", scalar("SELECT value FROM distillery_meta WHERE key = 'schema_version'"));
    assertEquals(
        "0",
        scalar(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'runs'"
                + " AND column_name = 'priority'"));
    assertEquals(
        "0", scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'label_sets'"));
    try (DuckDbTraceStore store = DuckDbTraceStore.open(file)) {
      assertEquals(13, store.events("run-v1").size());
    }
  }

  @Test
  void should_refuse_a_duckdb_file_that_is_not_a_store() throws SQLException {
    Path other = dir.resolve("other.duckdb");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + other);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE sales (amount INTEGER)");
    }

    StoreException error = assertThrows(StoreException.class, () -> DuckDbTraceStore.open(other));

    assertTrue(error.getMessage().contains("not a distillery store"), error.getMessage());
  }

  @Test
  void should_refuse_migrations_listed_out_of_order() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Migrations.load(List.of("V2__test_priorities.sql", "V1__initial.sql")));
  }

  private String scalar(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return String.valueOf(row.getObject(1));
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
