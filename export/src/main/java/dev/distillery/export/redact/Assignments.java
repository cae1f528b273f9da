package dev.distillery.export.redact;

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

  /** Every name of the assignment rule starts with one of these. */
  static final String[] NAME_TRIGGERS = {
    "key",
    "KEY",
    "Key",
    "secret",
    "SECRET",
    "Secret",
    "token",
    "TOKEN",
    "Token",
    "passw",
    "PASSW",
    "Passw",
    "credential",
    "CREDENTIAL",
    "Credential"
  };

  /** A JSON field whose name says it holds a secret. */
  private static final Pattern SECRET_FIELD =
      Pattern.compile("(?i).*(?:key|secret|token|passw(?:or)?d|pwd|credential).*");

  private static final Pattern PASSWORD_FIELD = Pattern.compile("(?i).*(?:passw(?:or)?d|pwd).*");

  /** Bits of entropy per character a random value reaches and a word or a name does not. */
  private static final double MIN_ENTROPY = 3.0;

  private Assignments() {}

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
