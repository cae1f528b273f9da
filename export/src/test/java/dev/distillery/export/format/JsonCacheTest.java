package dev.distillery.export.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonCacheTest {
  @Test
  void should_give_each_caller_its_own_copy_of_a_cached_parse() {
    Json.Cache cache = new Json.Cache(4);
    String schema = "{\"type\":\"object\",\"description\":\"token sk-proj-abc\"}";

    ObjectNode first = (ObjectNode) cache.parse(schema);
    first.put("description", "[REDACTED:openai_key]");

    assertEquals("token sk-proj-abc", cache.parse(schema).path("description").asText());
  }

  @Test
  void should_keep_parsing_right_past_its_size() {
    Json.Cache cache = new Json.Cache(2);
    for (int i = 0; i < 10; i++) {
      assertEquals(i, cache.parse("{\"n\":" + i + "}").path("n").asInt());
    }
    assertEquals("not json", cache.parse("not json").asText());
  }
}
