package dev.distillery.runtime.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** YAML that people write in skills and personas, which the old hand-written subset misread. */
class FrontMatterTest {
  private static FrontMatter parse(String... lines) {
    return FrontMatter.parse("---\n" + String.join("\n", lines) + "\n---\nThe body.\n");
  }

  @Test
  void should_read_a_quoted_value_with_colons_and_escaped_quotes_when_it_is_double_quoted() {
    FrontMatter matter = parse("description: \"Lint: the \\\"code\\\"\"");
    assertEquals("Lint: the \"code\"", matter.get("description"));
    assertEquals("The body.", matter.body());
  }

  @Test
  void should_read_a_block_list_when_items_are_on_their_own_lines() {
    FrontMatter matter = parse("triggers:", "  - /lint", "  - /l", "command: make lint");
    assertEquals(List.of("/lint", "/l"), matter.list("triggers"));
    assertEquals("make lint", matter.get("command"));
    assertNull(matter.get("triggers"));
  }

  @Test
  void should_keep_a_comma_inside_a_quoted_item_when_the_list_is_written_in_brackets() {
    FrontMatter matter = parse("triggers: [\"/a, b\", /c]");
    assertEquals(List.of("/a, b", "/c"), matter.list("triggers"));
  }

  @Test
  void should_join_a_folded_multi_line_value_when_it_is_written_with_a_greater_than_sign() {
    FrontMatter matter = parse("description: >-", "  Reads code", "  and reviews it", "name: r");
    assertEquals("Reads code and reviews it", matter.get("description"));
    assertEquals("r", matter.get("name"));
  }

  @Test
  void should_leave_out_a_comment_when_it_follows_a_value() {
    assertEquals("reviewer", parse("name: reviewer # the short name").get("name"));
  }

  @Test
  void should_keep_values_as_written_when_they_look_like_numbers_or_words_of_yes_and_no() {
    FrontMatter matter = parse("version: 1.50", "tools: false", "ask: yes", "empty:");
    assertEquals("1.50", matter.get("version"));
    assertEquals("false", matter.get("tools"));
    assertEquals("yes", matter.get("ask"));
    assertEquals("", matter.get("empty"));
  }

  @Test
  void should_still_read_a_list_written_on_one_line_with_commas() {
    assertEquals(List.of("/lint", "/l"), parse("triggers: /lint, /l").list("triggers"));
  }

  @Test
  void should_say_the_yaml_is_not_valid_when_a_quote_is_not_closed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("description: \"unclosed"));
    assertTrue(e.getMessage().startsWith("the front matter is not valid YAML"), e.getMessage());
  }

  @Test
  void should_name_the_line_and_ask_for_quotes_when_a_plain_value_holds_a_colon_and_space() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> parse("name: r", "description: Lint: the code"));
    assertTrue(e.getMessage().contains("at line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("quote a value that holds ': '"), e.getMessage());
  }
}
