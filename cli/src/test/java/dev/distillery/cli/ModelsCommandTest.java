package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static boolean hasLine(String text, String regex) {
    return Pattern.compile("(?m)^" + regex + "$").matcher(text).find();
  }

  /** The --json lines by their model_option. */
  private static Map<String, JsonNode> byOption(String out) throws Exception {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    for (String line : out.strip().split("\n")) {
      JsonNode node = JSON.readTree(line);
      rows.put(node.get("model_option").asText(), node);
    }
    return rows;
  }

  @Test
  void should_list_the_bundled_catalog_with_window_prices_and_tool_calls() {
    CliHarness.Result result = new CliHarness(dir).run("models");

    assertEquals(0, result.exitCode(), result.err());
    String out = result.out();
    assertTrue(
        hasLine(out, "MODEL \\(-m\\) +PROVIDER +CONTEXT +INPUT \\$/1M +OUTPUT \\$/1M +TOOLS"), out);
    assertTrue(hasLine(out, "gpt-4o-mini +any +128,000 +0\\.15 +0\\.60 +native"), out);
    assertTrue(hasLine(out, "gpt-4o +any +128,000 +2\\.50 +10\\.00 +native"), out);
    assertTrue(hasLine(out, "llama3 +any +8,192 +- +- +text"), out);
    assertTrue(hasLine(out, "Qwen/Qwen2\\.5-7B-Instruct +any +32,768 +- +- +native"), out);
    assertTrue(out.contains("-m PROVIDER/MODEL sends MODEL to a provider: "), out);
    assertTrue(out.contains("openai, openrouter"), out);
  }

  @Test
  void should_print_one_json_object_per_model_with_stable_field_names() throws Exception {
    CliHarness.Result result = new CliHarness(dir).run("models", "--json");

    assertEquals(0, result.exitCode(), result.err());
    Map<String, JsonNode> rows = byOption(result.out());
    JsonNode mini = rows.get("gpt-4o-mini");
    List<String> fields = new ArrayList<>();
    mini.fieldNames().forEachRemaining(fields::add);
    assertEquals(
        List.of(
            "model_option",
            "provider",
            "model",
            "context_window",
            "input_per_million",
            "output_per_million",
            "native_tools",
            "streaming"),
        fields);
    assertTrue(mini.get("provider").isNull());
    assertEquals("gpt-4o-mini", mini.get("model").asText());
    assertEquals(128000, mini.get("context_window").asInt());
    assertEquals(0.15, mini.get("input_per_million").asDouble());
    assertEquals(0.60, mini.get("output_per_million").asDouble());
    assertTrue(mini.get("native_tools").asBoolean());
    JsonNode llama3 = rows.get("llama3");
    assertFalse(llama3.get("native_tools").asBoolean());
    assertTrue(llama3.get("input_per_million").isNull());
  }

  @Test
  void should_add_the_settings_files_provider_and_models_and_price_them_through_it()
      throws Exception {
    Files.writeString(
        dir.resolve("distillery.json"),
        """
        {"providers": {"work": {"base_url": "https://llm.example.com/v1", "api_key_env": "WORK_KEY"}},
         "models": {
           "my-finetune": {"context_window": 32768, "input_per_million": 0, "output_per_million": 0},
           "work/tiny": {"context_window": 4096, "input_per_million": 0.075, "output_per_million": 0.3, "native_tools": false},
           "work/gpt-4o-mini": {"input_per_million": 0.1, "output_per_million": 0.4}}}
        """);
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result all = cli.run("models");
    assertEquals(0, all.exitCode(), all.err());
    assertTrue(hasLine(all.out(), "my-finetune +any +32,768 +0\\.00 +0\\.00 +native"), all.out());
    assertTrue(hasLine(all.out(), "work/tiny +work +4,096 +0\\.075 +0\\.30 +text"), all.out());
    assertTrue(all.out().contains("provider: groq, llama.cpp, lmstudio, ollama"), all.out());
    assertTrue(all.out().contains("together, vllm, work."), all.out());

    Map<String, JsonNode> work = byOption(cli.run("models", "--provider", "work", "--json").out());
    assertEquals("work", work.get("work/tiny").get("provider").asText());
    assertEquals("tiny", work.get("work/tiny").get("model").asText());
    assertEquals(0.1, work.get("work/gpt-4o-mini").get("input_per_million").asDouble());
    assertEquals(2.5, work.get("work/gpt-4o").get("input_per_million").asDouble());
    assertFalse(work.containsKey("gpt-4o-mini"), "only -m work/... values: " + work.keySet());

    CliHarness.Result providers = cli.run("models", "--providers");
    assertTrue(
        hasLine(providers.out(), "work +https://llm\\.example\\.com/v1 +\\$WORK_KEY +required"),
        providers.out());
    assertTrue(hasLine(providers.out(), "ollama +http://localhost:11434/v1 +- +optional"));
  }

  @Test
  void should_exit_2_naming_the_providers_for_an_unknown_provider() {
    CliHarness.Result result = new CliHarness(dir).run("models", "--provider", "nosuch");

    assertEquals(2, result.exitCode());
    assertTrue(result.err().startsWith("distillery: --provider nosuch: no such provider"));
    assertTrue(result.err().contains("openai"), result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
  }
}
