package dev.distillery.runtime.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {
  @Test
  void should_deal_every_item_to_exactly_one_shard_with_sizes_within_one() {
    for (int size = 0; size <= 23; size++) {
      List<Integer> plan = IntStream.range(0, size).boxed().toList();
      for (int count = 1; count <= 7; count++) {
        List<Integer> all = new ArrayList<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int k = 1; k <= count; k++) {
          List<Integer> mine = new Shard(k, count).of(plan);
          all.addAll(mine);
          min = Math.min(min, mine.size());
          max = Math.max(max, mine.size());
        }
        all.sort(null);
        assertEquals(plan, all, size + " items in " + count + " shards");
        assertTrue(max - min <= 1, "balanced");
      }
    }
  }

  @Test
  void should_parse_k_of_n_and_refuse_anything_else() {
    assertEquals(new Shard(2, 4), Shard.parse("2/4"));
    assertEquals("s2", Shard.parse(" 2 / 4 ").label());
    assertEquals("s0", Shard.WHOLE.label());
    for (String bad : new String[] {"0/4", "5/4", "4", "a/b", "1/2/3", "", "-1/2"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("a shard is K/N with 1 <= K <= N"), e.getMessage());
    }
  }
}
