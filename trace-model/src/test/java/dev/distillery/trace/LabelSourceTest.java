package dev.distillery.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LabelSourceTest {
  @Test
  void should_tell_a_judge_from_a_person_by_the_author_prefix() {
    assertEquals(LabelSource.JUDGE, LabelSource.ofAuthor(LabelSource.judgeAuthor("gpt-4o-mini")));
    assertEquals(LabelSource.HUMAN, LabelSource.ofAuthor("alice"));
    assertEquals(LabelSource.HUMAN, LabelSource.ofAuthor("judge"));
  }

  @Test
  void should_parse_the_names_users_write_and_refuse_others() {
    assertEquals(LabelSource.CHECK, LabelSource.parse(" Check"));
    assertThrows(IllegalArgumentException.class, () -> LabelSource.parse("people"));
  }
}
