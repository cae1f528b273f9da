package dev.distillery.export.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.distillery.export.ExportException;
import dev.distillery.export.format.Json;
import dev.distillery.trace.KnownSecrets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets with a typed placeholder ({@code [REDACTED:aws_key]}) in every string of a row,
 * and counts what it replaced per pattern. Patterns from Yelp detect-secrets and gitleaks (see
 * FORMATS.md §7); the user's own patterns count as {@code custom}. URL credentials keep the scheme
 * and host: {@code https://[REDACTED:url_credentials]@host}.
 *
 * <p>A string that holds JSON (OpenAI arguments, tools, metadata, ShareGPT calls) is redacted
 * inside its values and written again, so a match can never eat a quote and break the JSON; when
 * nothing matched, the text stays exactly as it was.
 *
 * <p>Safe to share between threads: each call counts on its own and adds its counts at the end.
 */
public final class Redactor {
  /**
   * One pattern. {@code triggers} are literals that every match contains (an empty list: unknown,
   * always run): a text holding none of them cannot match, so the regex is skipped. Most strings of
   * a trace hold none, and finding that out ({@link Literals}) is far cheaper than a regex scan.
   */
  private record Rule(
      String name,
      Pattern pattern,
      String prefixGroup,
      String suffix,
      List<String> triggers,
      Predicate<String> accept) {}

  private static final List<Rule> BUILT_IN =
      List.of(
          // the whole block; a block cut before its END line loses the rest of its base64
          rule(
              "private_key",
              "-----BEGIN [A-Z ]*PRIVATE KEY-----"
                  + "(?:[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----|[A-Za-z0-9+/=\\s\\\\]*)",
              "-----BEGIN "),
          rule(
              "aws_key",
              "(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}",
              "A3T",
              "ABIA",
              "ACCA",
              "AKIA",
              "ASIA"),
          // the secret access key has no shape of its own: 40 base64 characters after its name
          kept(
              "aws_secret",
              "(?<keep>(?i:aws_?secret(?:_?access)?_?key|secret_?access_?key)[\"']?\\s*[:=]\\s*[\"']?)"
                  + "[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])",
              s -> true,
              "aws_secret",
              "AWS_SECRET",
              "awsSecret",
              "AwsSecret",
              "SecretAccessKey",
              "secretAccessKey",
              "secret_access_key",
              "SECRET_ACCESS_KEY"),
          rule(
              "github_token",
              "(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}|github_pat_\\w{82}",
              "ghp_",
              "gho_",
              "ghu_",
              "ghs_",
              "ghr_",
              "github_pat_"),
          rule("anthropic_key", "sk-ant-[a-z]{2,10}\\d{2}-[A-Za-z0-9_\\-]{20,}", "sk-ant-"),
          rule(
              "openai_key",
              "sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]+|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
              "sk-proj-",
              "sk-svcacct-",
              "sk-admin-",
              "T3BlbkFJ"),
          rule("huggingface_token", "hf_[A-Za-z]{34}", "hf_"),
          rule("google_api_key", "AIza[\\w-]{35}", "AIza"),
          rule("slack_token", "xox[abposre]-(?:[0-9A-Za-z]+-)+[0-9A-Za-z]+", "xox"),
          rule("stripe_key", "[rs]k_live_[0-9a-zA-Z]{24,}", "k_live_"),
          rule("jwt", "eyJ[\\w-]+\\.[\\w-]+\\.?[\\w.+/=-]*", "eyJ"),
          kept(
              "azure_storage_key",
              "(?<keep>(?i:AccountKey|SharedAccessKey)=)[A-Za-z0-9+/]{40,}={0,2}",
              s -> true,
              "AccountKey=",
              "accountkey=",
              "SharedAccessKey="),
          // a service-account JSON's private_key (the PEM rule finds its block too) and key id
          kept(
              "gcp_service_account",
              "(?<keep>\"private_key(?:_id)?\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)+",
              s -> true,
              "private_key"),
          new Rule(
              "url_credentials",
              Pattern.compile("(?<keep>://)[^\\s:@/]+:[^\\s@/]+@"),
              "keep",
              "@",
              List.of("://"),
              s -> true),
          // password=, token= ... in a URL's query
          kept(
              "url_secret",
              "(?<keep>[?&;](?i:[a-z0-9_.-]*(?:passw(?:or)?d|pwd|token|secret|api_?key|apikey"
                  + "|access_?key|signature|sig))=)(?!\\[REDACTED:)[^&\\s#\"'<>]+",
              s -> true,
              Assignments.QUERY_TRIGGERS),
          // NAME=value in an environment listing or a shell line, NAME shouting a secret
          kept(
              "env_secret",
              "(?<![A-Za-z0-9_])(?<keep>[A-Z][A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY"
                  + "|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Z0-9_]*=[\"']?)"
                  + "(?![$<{(]|\\[REDACTED:)[^\\s\"'`]{6,}",
              Assignments::notANumber,
              Assignments.ENV_TRIGGERS),
          // "...key": "..." or token = '...': only a value that looks random
          kept(
              "secret_assignment",
              "(?<keep>(?i:key|secret|token|passw(?:or)?d|credential)[A-Za-z0-9_.-]{0,40}[\"']?"
                  + "[ \\t]{0,3}(?::=|=>|[:=])[ \\t]{0,3}[\"'])[A-Za-z0-9+/_=~-]{6,200}(?=[\"'])",
              Assignments::looksRandom));

  private static final Set<String> WEAK = Set.of("secret_assignment", "env_secret", "url_secret");

  private final List<Rule> rules;
  private final KnownSecrets known;
  private final Literals literals;
  // rules without literals (the user's own) run on every text
  private final long alwaysRun;
  // the rule whose candidates Assignments.mayAssign finds
  private final long assignment;
  // rules whose literals are common words: their regex decides whether a JSON text is parsed
  private final long weak;
  private final Map<String, Long> counts = new TreeMap<>();

  /** One call's replacements, added to the totals when the call ends. */
  private static final class Tally {
    private final Map<String, Long> counts = new TreeMap<>();
    private long total;

    void add(String name) {
      counts.merge(name, 1L, Long::sum);
      total++;
    }
  }

  private Redactor(List<Rule> rules, KnownSecrets known) {
    this.rules = rules;
    this.known = known;
    this.literals = new Literals(rules.stream().map(Rule::triggers).toList());
    long always = 0;
    long assigned = 0;
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).name().equals("secret_assignment")) {
        assigned |= 1L << i;
      } else if (rules.get(i).triggers().isEmpty()) {
        always |= 1L << i;
      }
    }
    this.assignment = assigned;
    this.alwaysRun = always;
    long weakRules = 0;
    for (int i = 0; i < rules.size(); i++) {
      if (WEAK.contains(rules.get(i).name())) {
        weakRules |= 1L << i;
      }
    }
    this.weak = weakRules;
  }

  /** The built-in patterns plus the user's, which count as {@code custom}. */
  public static Redactor standard(List<String> extraPatterns) {
    if (BUILT_IN.size() + extraPatterns.size() > 64) {
      throw new ExportException(
          "at most "
              + (64 - BUILT_IN.size())
              + " --redact patterns; join more with | into one pattern");
    }
    List<Rule> rules = new ArrayList<>(BUILT_IN);
    for (String pattern : extraPatterns) {
      rules.add(new Rule("custom", Pattern.compile(pattern), null, "", List.of(), s -> true));
    }
    return new Redactor(rules, KnownSecrets.process());
  }

  private static Rule rule(String name, String regex, String... triggers) {
    return new Rule(name, Pattern.compile(regex), null, "", List.of(triggers), s -> true);
  }

  /** A rule whose {@code keep} group (the name, the {@code =}) stays; {@code accept} the rest. */
  private static Rule kept(
      String name, String regex, Predicate<String> accept, String... triggers) {
    return new Rule(name, Pattern.compile(regex), "keep", "", List.of(triggers), accept);
  }

  /**
   * Bit {@code n} set when rule {@code n} could match somewhere in the text. A replacement ({@code
   * [REDACTED:name]}) brings no literal into a text, so the answer for the original text holds for
   * each step of {@link #redact(String)}.
   */
  private long mayMatch(String text) {
    // names like key and token are too common for literals: a scan of the = and : decides
    return alwaysRun
        | literals.found(text)
        | (assignment != 0 && Assignments.mayAssign(text) ? assignment : 0);
  }

  /** The text with every match replaced, each counted. */
  public String redact(String text) {
    Tally tally = new Tally();
    String out = redact(text, tally);
    added(tally);
    return out;
  }

  private String redact(String text, Tally tally) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    // the values this process holds (its provider keys) go by exact value, as at recording
    String out = known.scrub(text, tally::add);
    long candidates = mayMatch(out);
    if (candidates == 0) {
      return out;
    }
    for (int r = 0; r < rules.size(); r++) {
      if ((candidates & (1L << r)) == 0) {
        continue;
      }
      Rule rule = rules.get(r);
      Matcher matcher = rule.pattern().matcher(out);
      StringBuilder replaced = null;
      while (matcher.find()) {
        if (matcher.end() == matcher.start()) {
          continue;
        }
        String keep = rule.prefixGroup() == null ? "" : matcher.group(rule.prefixGroup());
        if (!rule.accept().test(out.substring(matcher.start() + keep.length(), matcher.end()))) {
          continue;
        }
        if (replaced == null) {
          replaced = new StringBuilder();
        }
        matcher.appendReplacement(
            replaced,
            Matcher.quoteReplacement(keep + "[REDACTED:" + rule.name() + "]" + rule.suffix()));
        tally.add(rule.name());
      }
      if (replaced != null) {
        matcher.appendTail(replaced);
        out = replaced.toString();
      }
    }
    return out;
  }

  /** Redacts every string value in the tree, in place; returns the node to use in its stead. */
  public JsonNode redact(JsonNode node) {
    Tally tally = new Tally();
    JsonNode out = redact(node, tally);
    added(tally);
    return out;
  }

  private synchronized void added(Tally tally) {
    tally.counts.forEach((name, count) -> counts.merge(name, count, Long::sum));
  }

  private JsonNode redact(JsonNode node, Tally tally) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        // a parsed JSON text has lost its "name": "value" context: the name decides here
        if (value.isTextual() && Assignments.secretField(name, value.asText())) {
          tally.add("secret_assignment");
          object.put(name, "[REDACTED:secret_assignment]");
        } else {
          object.set(name, redact(value, tally));
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, redact(array.get(i), tally));
      }
    } else if (node != null && node.isTextual()) {
      String text = node.asText();
      String redacted = redactText(text, tally);
      return redacted.equals(text) ? node : TextNode.valueOf(redacted);
    }
    return node;
  }

  private String redactText(String text, Tally tally) {
    // A JSON text may spell a trigger with escapes (\\u0073k-, :\\/\\/). No literal holds a
    // character that the other escapes stand for (quote, backslash, control characters), so a text
    // without \\u and \\/ and without a literal cannot hold one in any of its strings either.
    long candidates = mayMatch(text);
    boolean plain = !text.contains("\\u") && !text.contains("\\/") && known.scrub(text) == text;
    if (candidates == 0 && plain) {
      return text;
    }
    // "token", "key" stand in most payloads (prompt_tokens): parse only when a weak rule's
    // pattern is there to be seen, quotes and newlines unescaped
    if ((candidates & ~weak) == 0 && plain && !seen(text, candidates)) {
      return text;
    }
    String trimmed = text.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      JsonNode parsed = Json.tryParse(text);
      if (parsed != null && parsed.isContainerNode()) {
        long before = tally.total;
        JsonNode redacted = redact(parsed, tally);
        return tally.total == before ? text : Json.write(redacted);
      }
    }
    return redact(text, tally);
  }

  /** Whether one of the candidate rules finds a match in the text, JSON escapes of it undone. */
  private boolean seen(String text, long candidates) {
    String probe = text.indexOf('\\') < 0 ? text : text.replace("\\\"", "\"").replace("\\n", "\n");
    for (int r = 0; r < rules.size(); r++) {
      if ((candidates & (1L << r)) != 0 && rules.get(r).pattern().matcher(probe).find()) {
        return true;
      }
    }
    return false;
  }

  /** Replacements so far, by pattern name, sorted. */
  public synchronized Map<String, Long> counts() {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }
}
