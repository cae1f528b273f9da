package dev.distillery.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.export.redact.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionTest {
  @TempDir Path out;

  @Test
  void should_replace_each_kind_of_secret_with_its_typed_placeholder() {
    Map<String, String> samples =
        Map.ofEntries(
            Map.entry("aws_key", "AKIAIOSFODNN7EXAMPLE"),
            Map.entry("github_token", "ghp_" + "a".repeat(36)),
            Map.entry("openai_key", "sk-proj-Abc_123-xyz"),
            Map.entry("anthropic_key", "sk-ant-api03-" + "b".repeat(93) + "AA"),
            Map.entry("huggingface_token", "hf_" + "c".repeat(34)),
            Map.entry("google_api_key", "AIza" + "d".repeat(35)),
            Map.entry("slack_token", "xoxb-123-456-abc123"),
            Map.entry("stripe_key", "sk_live_" + "e".repeat(24)),
            Map.entry("jwt", "eyJhbGciOi.eyJzdWIiOi.sig-nature"),
            Map.entry(
                "private_key",
                "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"));
    for (Map.Entry<String, String> sample : samples.entrySet()) {
      Redactor redactor = Redactor.standard(List.of());

      String redacted = redactor.redact("before " + sample.getValue() + " after");

      assertEquals("before [REDACTED:" + sample.getKey() + "] after", redacted, sample.getKey());
      assertEquals(Map.of(sample.getKey(), 1L), redactor.counts());
    }
  }

  @Test
  void should_find_each_spelling_of_an_openai_key_and_pass_over_look_alikes() {
    Redactor redactor = Redactor.standard(List.of());
    String legacy = "sk-" + "A1b2C3d4E5f6G7h8I9j0" + "T3BlbkFJ" + "k1L2m3N4o5P6q7R8s9T0";

    assertEquals(
        "[REDACTED:openai_key] [REDACTED:openai_key] [REDACTED:openai_key]",
        redactor.redact(legacy + " sk-svcacct-abc_DEF-1 sk-admin-xyz"));
    // a task id or a flag with "sk-" in it is no key
    assertEquals("task-12 --disk-size sk-", redactor.redact("task-12 --disk-size sk-"));
    assertEquals(Map.of("openai_key", 3L), redactor.counts());
  }

  @Test
  void should_keep_the_scheme_and_host_of_a_url_with_credentials() {
    Redactor redactor = Redactor.standard(List.of());

    assertEquals(
        "git clone https://[REDACTED:url_credentials]@github.com/a/b.git",
        redactor.redact("git clone https://bob:s3cret@github.com/a/b.git"));
  }

  @Test
  void should_count_the_users_own_patterns_as_custom() {
    Redactor redactor = Redactor.standard(List.of("ACME-\\d{6}"));

    assertEquals(
        "id [REDACTED:custom], [REDACTED:custom]", redactor.redact("id ACME-123456, ACME-654321"));
    assertEquals(Map.of("custom", 2L), redactor.counts());
  }

  @Test
  void should_redact_inside_json_text_without_breaking_it() throws Exception {
    Redactor redactor = Redactor.standard(List.of());
    ObjectNode row = Exports.JSON.createObjectNode();
    String arguments = "{\"url\":\"https://u:p@h/x\",\"mail\":\"c@d\",\"n\":1.10}";
    row.put("arguments", arguments);
    row.put("clean", "{\"a\":  1}");

    redactor.redact(row);

    JsonNode parsed = Exports.json(row.path("arguments").asText());
    assertEquals("https://[REDACTED:url_credentials]@h/x", parsed.path("url").asText());
    assertEquals("c@d", parsed.path("mail").asText());
    assertEquals("{\"a\":  1}", row.path("clean").asText(), "untouched text keeps its bytes");
    assertTrue(row.path("arguments").asText().contains("1.10"), "numbers keep their digits");
  }

  @Test
  void should_find_a_secret_that_json_spells_with_escapes() throws Exception {
    // the quick pass skips texts holding no trigger literal; JSON escapes can hide one
    Redactor redactor = Redactor.standard(List.of());
    ObjectNode row = Exports.JSON.createObjectNode();
    row.put("a", "{\"key\":\"\\u0073k-proj-abc123\"}");
    row.put("b", "{\"url\":\"https:\\/\\/u:p@h\"}");
    row.put("c", "plain text with sk- and :// but no secret");

    redactor.redact(row);

    assertEquals(
        "[REDACTED:openai_key]", Exports.json(row.path("a").asText()).path("key").asText());
    assertEquals(
        "https://[REDACTED:url_credentials]@h",
        Exports.json(row.path("b").asText()).path("url").asText());
    assertEquals("plain text with sk- and :// but no secret", row.path("c").asText());
    assertEquals(Map.of("openai_key", 1L, "url_credentials", 1L), redactor.counts());
  }

  @Test
  void should_redact_the_planted_keys_everywhere_and_count_them_on_the_card() throws Exception {
    Fixture fixture = new Fixture();
    ExportSummary summary = Exports.export(fixture, Exports.options(ExportFormat.RAW, out).build());

    String data = Files.readString(out.resolve("train.jsonl"));
    assertFalse(data.contains(Fixture.AWS_KEY));
    assertFalse(data.contains(Fixture.OPENAI_KEY));
    assertFalse(data.contains("hunter2"));
    assertEquals(
        Map.of("aws_key", 3L, "openai_key", 8L, "url_credentials", 3L), summary.redactions());
    String card = Files.readString(out.resolve("README.md"));
    assertTrue(card.contains("| aws_key | 3 |"), card);
    assertTrue(card.contains("| openai_key | 8 |"), card);
  }

  @Test
  void should_keep_secrets_when_redaction_is_off() throws Exception {
    ExportSummary summary =
        Exports.export(
            new Fixture(), Exports.options(ExportFormat.OPENAI, out).redact(false).build());

    assertTrue(Files.readString(out.resolve("train.jsonl")).contains(Fixture.AWS_KEY));
    assertEquals(Map.of(), summary.redactions());
  }
}
