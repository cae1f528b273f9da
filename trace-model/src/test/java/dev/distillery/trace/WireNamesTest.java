package dev.distillery.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WireNamesTest {
  @Test
  void should_read_every_stored_name_back_and_accept_other_cases_as_before() {
    for (EventKind kind : EventKind.values()) {
      assertEquals(kind, EventKind.fromWire(kind.wire()));
    }
    assertEquals("model_request", EventKind.MODEL_REQUEST.wire());
    assertEquals(Role.ASSISTANT, Role.fromWire("Assistant"));
    assertEquals(RunStatus.BUDGET_EXCEEDED, RunStatus.fromWire("BUDGET_EXCEEDED"));
    assertEquals(CheckStatus.NO_CHECK, CheckStatus.fromWire("no_check"));
  }

  @Test
  void should_refuse_an_unknown_name_as_valueOf_does() {
    assertThrows(IllegalArgumentException.class, () -> Role.fromWire("robot"));
  }
}
