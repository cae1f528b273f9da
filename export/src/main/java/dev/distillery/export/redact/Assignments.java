package dev.distillery.export.redact;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the contextual rules need: the literals that trigger them, and whether a value assigned to a
 * secret's name is a secret rather than code ({@code token = "${TOKEN}"}, {@code "api_key_env":
 * "OPENAI_API_KEY"}, a file name, a number).
 */
final class Assignments {
  /** Every {@code ?name=} of the URL rule holds one of these (in its usual spellings). */
  static final String[] QUERY_TRIGGERS = {
    "password=", "PASSWORD=", "Password=", "passwd=", "pwd=", "PWD=", "token=", "TOKEN=", "Token=",
    "secret=", "SECRET=", "Secret=", "key=", "KEY=", "Key=", "sig=", "signature=", "Signature="
  };

  /** Every environment name of the env rule holds one of these. */
  static final String[] ENV_TRIGGERS = {
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "API_KEY",
    "ACCESSKEY",
    "ACCESS_KEY",
    "PRIVATEKEY",
    "PRIVATE_KEY",
    "CREDENTIAL"
  };

  /** A JSON field whose name says it holds a secret. */
  private static final Pattern SECRET_FIELD =
      Pattern.compile("(?i).*(?:key|secret|token|passw(?:or)?d|pwd|credential).*");

  private static final Pattern PASSWORD_FIELD = Pattern.compile("(?i).*(?:passw(?:or)?d|pwd).*");

  /** Bits of entropy per character a random value reaches and a word or a name does not. */
  private static final double MIN_ENTROPY = 3.0;

  private Assignments() {}

  /**
   * Whether the text may hold {@code name = "value"} (or {@code :}, {@code :=}, {@code =>}) with a
   * name that holds key, secret, token, password or credential: looks only around each {@code =}
   * and {@code :}, far cheaper than the rule's regex over the whole text.
   */
  static boolean mayAssign(String text) {
    // indexOf runs with vector instructions; most texts hold few = and :
    return around(text, '=') || around(text, ':');
  }

  private static boolean around(String text, char sign) {
    for (int at = text.indexOf(sign); at >= 0; at = text.indexOf(sign, at + 1)) {
      if (quoteAfter(text, at + 1) && secretNameBefore(text, at - 1)) {
        return true;
      }
    }
    return false;
  }

  private static boolean quoteAfter(String text, int from) {
    int at = from;
    if (at < text.length() && (text.charAt(at) == '=' || text.charAt(at) == '>')) {
      at++;
    }
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at++;
    }
    if (at < text.length() && text.charAt(at) == '\\') {
      at++;
    }
    return at < text.length() && (text.charAt(at) == '"' || text.charAt(at) == '\'');
  }

  private static boolean secretNameBefore(String text, int from) {
    int at = from;
    if (at >= 0 && text.charAt(at) == ':') {
      at--;
    }
    while (at >= 0 && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at--;
    }
    if (at >= 0 && (text.charAt(at) == '"' || text.charAt(at) == '\'')) {
      at--;
    }
    if (at >= 0 && text.charAt(at) == '\\') {
      at--;
    }
    int end = at + 1;
    while (at >= 0 && end - at <= 64 && isNameChar(text.charAt(at))) {
      at--;
    }
    if (end - at <= 3) {
      return false;
    }
    String name = text.substring(at + 1, end).toLowerCase(Locale.ROOT);
    return name.contains("key")
        || name.contains("secret")
        || name.contains("token")
        || name.contains("passw")
        || name.contains("credential");
  }

  private static boolean isNameChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
  }

  static boolean notANumber(String value) {
    return !value.chars().allMatch(Character::isDigit);
  }

  /**
   * Whether a value looks generated: 16 or more characters of one token alphabet, letters and
   * digits mixed, spread like random text.
   */
  static boolean looksRandom(String value) {
    if (value.length() < 16) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    int[] counts = new int[128];
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 128 || !(Character.isLetterOrDigit(c) || "+/_=~-".indexOf(c) >= 0)) {
        return false;
      }
      letter |= Character.isLetter(c);
      digit |= Character.isDigit(c);
      counts[c]++;
    }
    return letter && digit && entropy(counts, value.length()) >= MIN_ENTROPY;
  }

  /**
   * Whether the value of a JSON field named {@code name} is a secret: a password of six or more
   * characters, or a random-looking value of a key, secret, token or credential.
   */
  static boolean secretField(String name, String value) {
    if (!SECRET_FIELD.matcher(name).matches() || value.startsWith("[REDACTED:")) {
      return false;
    }
    if (PASSWORD_FIELD.matcher(name).matches()) {
      return value.length() >= 6 && value.indexOf(' ') < 0 && !value.startsWith("$");
    }
    return looksRandom(value);
  }

  private static double entropy(int[] counts, int length) {
    double bits = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / length;
        bits -= p * Math.log(p) / Math.log(2);
      }
    }
    return bits;
  }
}
