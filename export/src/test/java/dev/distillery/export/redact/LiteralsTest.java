package dev.distillery.export.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralsTest {
  private final Literals literals =
      new Literals(List.of(List.of("AKIA", "ASIA"), List.of("sk-"), List.of(), List.of("://")));

  @Test
  void should_name_each_rule_whose_literal_the_text_holds_wherever_it_stands() {
    assertEquals(0b0001, literals.found("AKIA at the start"));
    assertEquals(0b0010, literals.found("ends with sk-"));
    assertEquals(0b1001, literals.found("https://x and ASIA"));
    assertEquals(0b1011, literals.found("sk-AKIA://"));
    assertEquals(0, literals.found("AKI, sk, :/ and é€ but none whole"));
    assertEquals(0, literals.found(""));
    assertEquals(0, literals.found("s"));
  }

  @Test
  void should_find_literals_whose_anchor_repeats_or_stands_near_the_ends() {
    Literals keys =
        new Literals(List.of(List.of("-----BEGIN "), List.of("ghp_", "k_live_"), List.of("eyJ")));
    assertEquals(0b001, keys.found("------BEGIN  key"));
    assertEquals(0, keys.found("-----BEGI"));
    assertEquals(0b010, keys.found("a_b_c_k_live_"));
    assertEquals(0b010, keys.found("_ghp_"));
    assertEquals(0b100, keys.found("JeyJ"));
    assertEquals(0, keys.found("J eyj EYJ"));
    assertEquals(0b111, keys.found("eyJ then ghp_ then -----BEGIN x"));
  }

  @Test
  void should_refuse_literals_it_cannot_index() {
    assertThrows(IllegalArgumentException.class, () -> new Literals(List.of(List.of("x"))));
    assertThrows(IllegalArgumentException.class, () -> new Literals(List.of(List.of("é1"))));
    assertThrows(IllegalArgumentException.class, () -> new Literals(List.of(List.of("a\nb"))));
    assertThrows(IllegalArgumentException.class, () -> new Literals(List.of(List.of("a\"b"))));
  }
}
