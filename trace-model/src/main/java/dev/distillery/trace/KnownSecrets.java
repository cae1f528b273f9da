package dev.distillery.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The credential values this process holds (provider keys from the environment or {@code
 * --api-key}, any value added while it runs), removed by exact value from everything recorded: each
 * occurrence, and its JSON-escaped spelling, becomes {@code [REDACTED:kind]}. {@link
 * #guard(TraceSink)} does it to every event before it reaches the store or a server; the exporter
 * does it to every text it writes.
 *
 * <p>Values shorter than {@link #MIN_LENGTH} characters are not kept: a short value ({@code 1},
 * {@code true}, a port) would replace too much that is no secret.
 */
public final class KnownSecrets {
  public static final int MIN_LENGTH = 8;

  /** Environment variables whose values are treated as credentials (and hidden from tools). */
  private static final Pattern CREDENTIAL_NAME =
      Pattern.compile("(?i).*(API_KEY|APIKEY|SECRET|TOKEN|PASSWORD|CREDENTIAL).*");

  private static final Pattern KEY_NAME = Pattern.compile("(?i).*API_?KEY.*");

  private static final KnownSecrets PROCESS = fromEnvironment(System.getenv());

  private record Secret(String kind, String value, String escaped) {}

  private final List<Secret> secrets = new CopyOnWriteArrayList<>();

  /** The secrets of this process: its environment's credentials, and every value added since. */
  public static KnownSecrets process() {
    return PROCESS;
  }

  /** The values of the credential-looking variables of {@code env}. */
  public static KnownSecrets fromEnvironment(Map<String, String> env) {
    KnownSecrets known = new KnownSecrets();
    env.forEach(
        (name, value) -> {
          if (isCredentialName(name)) {
            known.add(KEY_NAME.matcher(name).matches() ? "api_key" : "credential", value);
          }
        });
    return known;
  }

  /** Whether a variable of this name holds a credential (so a tool's environment drops it). */
  public static boolean isCredentialName(String name) {
    return CREDENTIAL_NAME.matcher(name).matches();
  }

  /**
   * Adds a value to remove from what is recorded from now on; null, blank, short and known values
   * are ignored.
   *
   * @param kind the marker's word ({@code api_key}): lower case, digits and underscores
   */
  public void add(String kind, String value) {
    Objects.requireNonNull(kind, "kind");
    if (value == null || value.strip().length() < MIN_LENGTH) {
      return;
    }
    synchronized (secrets) {
      if (secrets.stream().noneMatch(s -> s.value().equals(value))) {
        secrets.add(new Secret(kind, value, jsonEscaped(value)));
      }
    }
  }

  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  /** The text with every known value replaced; the same instance when none occurs. */
  public String scrub(String text) {
    return scrub(text, kind -> {});
  }

  /**
   * The text with every known value replaced, telling {@code replaced} the kind of each
   * replacement; the same instance when none occurs.
   */
  public String scrub(String text, Consumer<String> replaced) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Secret secret : secrets) {
      out = replace(out, secret.value(), secret.kind(), replaced);
      if (secret.escaped() != null) {
        out = replace(out, secret.escaped(), secret.kind(), replaced);
      }
    }
    return out;
  }

  /** A sink that records each event with every known value replaced, as it is at that moment. */
  public TraceSink guard(TraceSink sink) {
    Objects.requireNonNull(sink, "sink");
    return new TraceSink() {
      @Override
      public void record(TraceEvent event) {
        sink.record(scrub(event));
      }

      @Override
      public void recordAll(List<TraceEvent> events) {
        List<TraceEvent> scrubbed = new ArrayList<>(events.size());
        for (TraceEvent event : events) {
          scrubbed.add(scrub(event));
        }
        sink.recordAll(scrubbed);
      }
    };
  }

  /** The event with every known value replaced in each of its texts; the same when none occurs. */
  public TraceEvent scrub(TraceEvent event) {
    if (secrets.isEmpty()) {
      return event;
    }
    EventPayload payload = RecordStrings.map(event.payload(), this::scrub);
    return payload == event.payload()
        ? event
        : new TraceEvent(
            event.id(),
            event.runId(),
            event.parentId(),
            event.seq(),
            event.timestamp(),
            event.durationMs(),
            payload);
  }

  private static String replace(String text, String value, String kind, Consumer<String> replaced) {
    int at = text.indexOf(value);
    if (at < 0) {
      return text;
    }
    String marker = "[REDACTED:" + kind + "]";
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (; at >= 0; at = text.indexOf(value, from)) {
      out.append(text, from, at).append(marker);
      replaced.accept(kind);
      from = at + value.length();
    }
    return out.append(text, from, text.length()).toString();
  }

  /** How JSON spells the value inside a string, when that differs from the value; else null. */
  private static String jsonEscaped(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    String escaped = out.toString();
    return escaped.equals(value) ? null : escaped;
  }
}
