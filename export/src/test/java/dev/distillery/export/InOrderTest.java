package dev.distillery.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InOrderTest {
  @Test
  void should_hand_results_back_in_the_order_given_when_later_tasks_finish_first() {
    List<Integer> handed = new ArrayList<>();
    CountDownLatch lastDone = new CountDownLatch(1);
    try (InOrder<Integer> inOrder = new InOrder<>(2, "test")) {
      // the first task waits until the last one has finished
      inOrder.submit(
          () -> {
            assertTrue(lastDone.await(10, TimeUnit.SECONDS), "the last task never ran");
            return 0;
          },
          handed::add);
      for (int i = 1; i < 5; i++) {
        int n = i;
        inOrder.submit(
            () -> {
              if (n == 4) {
                lastDone.countDown();
              }
              return n;
            },
            handed::add);
      }
      inOrder.finish(handed::add);
    }
    assertEquals(List.of(0, 1, 2, 3, 4), handed);
  }

  @Test
  void should_throw_a_tasks_failure_at_its_turn_after_the_results_before_it() {
    List<Integer> handed = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException("broken run");
    try (InOrder<Integer> inOrder = new InOrder<>(2, "test")) {
      // thrown by whichever call reaches the failed task's turn: a later submit or finish
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () -> {
                inOrder.submit(() -> 1, handed::add);
                inOrder.submit(
                    () -> {
                      throw failure;
                    },
                    handed::add);
                inOrder.submit(() -> 3, handed::add);
                inOrder.finish(handed::add);
              });
      assertSame(failure, thrown);
    }
    assertEquals(List.of(1), handed);
  }

  @Test
  void should_keep_at_most_sixteen_tasks_a_thread_in_flight() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> handed = new ArrayList<>();
    try (InOrder<Integer> inOrder = new InOrder<>(1, "test")) {
      for (int i = 0; i < 200; i++) {
        int n = i;
        running.incrementAndGet();
        most.accumulateAndGet(running.get(), Math::max);
        inOrder.submit(
            () -> n,
            result -> {
              running.decrementAndGet();
              handed.add(result);
            });
      }
      inOrder.finish(
          result -> {
            running.decrementAndGet();
            handed.add(result);
          });
    }
    assertEquals(200, handed.size());
    assertTrue(most.get() <= 16, "in flight at most: " + most.get());
  }
}
