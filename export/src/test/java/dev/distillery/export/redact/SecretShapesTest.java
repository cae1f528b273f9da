package dev.distillery.export.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.trace.KnownSecrets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per shape of secret the exporter removes, and ordinary text that it must not touch. */
class SecretShapesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static String redact(String text, String expectedKind) {
    Redactor redactor = Redactor.standard(List.of());
    String out = redactor.redact(text);
    assertTrue(
        redactor.counts().containsKey(expectedKind),
        expectedKind + " not counted in " + redactor.counts() + ": " + out);
    return out;
  }

  @Test
  void should_remove_an_aws_secret_access_key_written_after_its_name() {
    assertEquals(
        "aws_secret_access_key=[REDACTED:aws_secret]\nregion = eu-west-1",
        redact("aws_secret_access_key=" + AWS_SECRET + "\nregion = eu-west-1", "aws_secret"));
    assertEquals(
        "AWS_SECRET_ACCESS_KEY: [REDACTED:aws_secret]",
        redact("AWS_SECRET_ACCESS_KEY: " + AWS_SECRET, "aws_secret"));
    assertEquals(
        "\"SecretAccessKey\": \"[REDACTED:aws_secret]\",",
        redact("\"SecretAccessKey\": \"" + AWS_SECRET + "\",", "aws_secret"));
  }

  @Test
  void should_remove_slack_bot_and_user_tokens_whole() {
    assertEquals(
        "SLACK [REDACTED:slack_token] and [REDACTED:slack_token].",
        redact(
            "SLACK xoxb-2361185839-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx and"
                + " xoxp-2361185839-2361185840-1234567890123-0123456789abcdef0123456789abcdef.",
            "slack_token"));
  }

  @Test
  void should_remove_anthropic_keys_of_any_length_and_kind() {
    assertEquals(
        "key [REDACTED:anthropic_key] admin [REDACTED:anthropic_key]",
        redact(
            "key sk-ant-api03-"
                + "x7Y_-".repeat(19)
                + "AA admin sk-ant-admin01-Q2w3E4r5T6y7U8i9O0pA",
            "anthropic_key"));
  }

  @Test
  void should_remove_a_google_api_key() {
    assertEquals(
        "?key=[REDACTED:google_api_key]",
        redact("?key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "google_api_key"));
  }

  @Test
  void should_remove_live_stripe_keys_whole_however_long() {
    assertEquals(
        "[REDACTED:stripe_key] [REDACTED:stripe_key].",
        redact(
            "sk_live_51H8abcDEF0123456789abcdefGHIJKLmnopQRSTuvwx99 rk_live_0123456789abcdefABCDEFGH.",
            "stripe_key"));
  }

  @Test
  void should_remove_a_jwt() {
    assertEquals(
        "Authorization: Bearer [REDACTED:jwt]",
        redact(
            "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            "jwt"));
  }

  @Test
  void should_remove_a_whole_pem_private_key_block_even_when_its_end_was_cut() {
    String block =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nBG5vbmUAAAAEbm9uZQ==\n"
            + "-----END OPENSSH PRIVATE KEY-----";
    assertEquals(
        "key:\n[REDACTED:private_key]\ndone", redact("key:\n" + block + "\ndone", "private_key"));
    assertEquals(
        "[REDACTED:private_key]",
        redact(
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2\nqL0b+/xyz==\n", "private_key"));
  }

  @Test
  void should_remove_passwords_and_tokens_in_urls_and_environment_lines() {
    assertEquals(
        "https://db.example.com/x?user=bob&password=[REDACTED:url_secret]&ssl=1",
        redact("https://db.example.com/x?user=bob&password=s3cr3t-pass&ssl=1", "url_secret"));
    assertEquals(
        "GET /api?access_token=[REDACTED:url_secret] HTTP/1.1",
        redact("GET /api?access_token=ya29.a0AfH6SMBx HTTP/1.1", "url_secret"));
    assertEquals(
        "export DB_PASSWORD=[REDACTED:env_secret]\nGITHUB_TOKEN='[REDACTED:env_secret]'\nHOME=/root",
        redact(
            "export DB_PASSWORD=changeme123\nGITHUB_TOKEN='abc123def456'\nHOME=/root",
            "env_secret"));
  }

  @Test
  void should_remove_an_azure_storage_account_key() {
    String key =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    assertEquals(
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED:azure_storage_key];"
            + "EndpointSuffix=core.windows.net",
        redact(
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey="
                + key
                + ";EndpointSuffix=core.windows.net",
            "azure_storage_key"));
  }

  @Test
  void should_remove_the_private_key_and_its_id_from_a_gcp_service_account_file() throws Exception {
    String account =
        "{\"type\": \"service_account\", \"project_id\": \"demo-123\","
            + " \"private_key_id\": \"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b\","
            + " \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE"
            + " KEY-----\\n\", \"client_email\": \"bot@demo-123.iam.gserviceaccount.com\"}";
    // as a tool printed it, among other output (not JSON as a whole)
    String printed = redact("$ cat sa.json\n" + account, "gcp_service_account");
    assertFalse(printed.contains("MIIEvQIBADANBg"), printed);
    assertFalse(printed.contains("1a2b3c4d5e6f"), printed);
    assertTrue(printed.contains("bot@demo-123.iam.gserviceaccount.com"), printed);
    // and as a JSON text, which is redacted value by value
    Redactor redactor = Redactor.standard(List.of());
    ObjectNode row = JSON.createObjectNode().put("output", account);
    redactor.redact(row);
    JsonNode parsed = JSON.readTree(row.path("output").asText());
    assertFalse(parsed.path("private_key").asText().contains("MIIE"), parsed.toString());
    assertFalse(parsed.path("private_key_id").asText().contains("1a2b"), parsed.toString());
    assertEquals("demo-123", parsed.path("project_id").asText());
  }

  @Test
  void should_remove_random_looking_values_assigned_to_secret_names_only() {
    assertEquals(
        "api_key = \"[REDACTED:secret_assignment]\"\nclient_secret: '[REDACTED:secret_assignment]'",
        redact(
            "api_key = \"q8Zr2LmX0vT4kP9sW1yB\"\nclient_secret: 'f3a9c1e7b2d84f06a5c3e9b1'",
            "secret_assignment"));
  }

  @Test
  void should_remove_a_key_this_process_holds_by_its_exact_value() {
    // a shape no rule knows: only the exact value can find it
    String key = "local-" + Long.toHexString(System.nanoTime()) + "-key";
    KnownSecrets.process().add("api_key", key);

    assertEquals(
        "curl -H 'Authorization: Bearer [REDACTED:api_key]' {\"k\":\"[REDACTED:api_key]\"}",
        redact("curl -H 'Authorization: Bearer " + key + "' {\"k\":\"" + key + "\"}", "api_key"));
  }

  @Test
  void should_leave_ordinary_source_code_and_prose_unchanged() {
    String code =
        """
        String token = tokenizer.next();
        if (password == null || password.isBlank()) { throw new IllegalStateException(); }
        apiKey = config.apiKey();
        private static final Pattern KEY_NAME = Pattern.compile("(?i).*API_?KEY.*");
        {"api_key_env": "OPENAI_API_KEY", "max_tokens": 4096, "key": "user-settings"}
        export OPENAI_API_KEY=$(cat ~/.openai)
        MAX_TOKENS=4096
        secret_file = "config/secrets/production.yaml"
        sorted(items, key=len); d = {"key": "value"}; url = "https://example.com/a?page=2&sort=asc"
        The password must be 12 characters; rotate the token every 30 days.
        git commit -m "Fix the key lookup (KEY-1234)"; sha = "9fceb02d0ae598e95dc970b74767f19372d61af8"
        """;
    Redactor redactor = Redactor.standard(List.of());

    assertEquals(code, redactor.redact(code));
    assertEquals(Map.of(), redactor.counts());
  }
}
