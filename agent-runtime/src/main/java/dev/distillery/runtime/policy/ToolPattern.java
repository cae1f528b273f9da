package dev.distillery.runtime.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which tools a rule or hook applies to: a tool name, {@code *} for any, a glob such as {@code
 * write_*}, or alternatives separated by {@code |} ({@code read_file|list_files}).
 */
public record ToolPattern(String text) {
  public static final ToolPattern ANY = new ToolPattern("*");

  public ToolPattern {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("a tool pattern cannot be empty");
    }
  }

  public boolean matches(String toolName) {
    for (String alternative : text.split("\\|")) {
      if (glob(alternative.strip()).matcher(toolName).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    String[] parts = glob.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return text;
  }
}
