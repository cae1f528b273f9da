package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupTest {
  private static final String DUCKDB = "org.duckdb.DuckDBNative";
  private static final String HTTP = "dev.distillery.runtime.model.openai.OpenAiCompatibleClient";

  @Test
  void should_warm_the_store_and_the_http_client_for_a_run_against_a_model() {
    assertEquals(List.of(DUCKDB, HTTP), Warmup.forCommand("--verbose", "run", "-p", "x"));
    assertEquals(List.of(DUCKDB, HTTP), Warmup.forCommand("chat"));
  }

  @Test
  void should_warm_only_the_store_for_a_scripted_run_and_the_store_commands() {
    assertEquals(List.of(DUCKDB), Warmup.forCommand("run", "-p", "x", "--script", "s.json"));
    assertEquals(List.of(DUCKDB), Warmup.forCommand("sql", "select 1"));
    assertEquals(List.of(DUCKDB), Warmup.forCommand("serve"));
  }

  @Test
  void should_warm_nothing_for_help_models_or_an_unknown_command() {
    assertEquals(List.of(), Warmup.forCommand("--help"));
    assertEquals(List.of(), Warmup.forCommand("run", "--help"));
    assertEquals(List.of(), Warmup.forCommand("models"));
    assertEquals(List.of(), Warmup.forCommand("nosuch"));
    assertEquals(List.of(), Warmup.forCommand());
  }
}
