package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.trace.DistilleryException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  private Context context(Map<String, String> env) {
    return new Context(env, new ByteArrayInputStream(new byte[0]), dir, false);
  }

  @Test
  void noFileIsEmpty() {
    ConfigFile config = ConfigFile.load(context(Map.of("HOME", dir.resolve("home").toString())));
    assertTrue(config.path().isEmpty());
    assertEquals(0, config.section("policy").size());
  }

  @Test
  void workingDirectoryFileWinsOverUserFile() throws Exception {
    Path user = dir.resolve("xdg/distillery/config.json");
    Files.createDirectories(user.getParent());
    Files.writeString(user, "{\"providers\": {\"from\": \"user\"}}");
    Context context = context(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()));
    assertEquals("user", ConfigFile.load(context).section("providers").get("from").asText());

    Files.writeString(dir.resolve("distillery.json"), "{\"providers\": {\"from\": \"project\"}}");
    assertEquals("project", ConfigFile.load(context).section("providers").get("from").asText());
  }

  @Test
  void brokenFilesAreOneLineErrors() throws Exception {
    Files.writeString(dir.resolve("distillery.json"), "{\n  \"policy\": [1,\n}");
    DistilleryException broken =
        assertThrows(DistilleryException.class, () -> ConfigFile.load(context(Map.of())));
    assertTrue(broken.getMessage().contains("not valid JSON at line 3"), broken.getMessage());

    Files.writeString(dir.resolve("distillery.json"), "{\"policy\": [1]}");
    DistilleryException wrongShape =
        assertThrows(
            DistilleryException.class, () -> ConfigFile.load(context(Map.of())).section("policy"));
    assertTrue(wrongShape.getMessage().contains("\"policy\" must be a JSON object"));

    DistilleryException missing =
        assertThrows(
            DistilleryException.class,
            () -> ConfigFile.load(context(Map.of("DISTILLERY_CONFIG", "nope.json"))));
    assertTrue(missing.getMessage().contains("not a file"));
  }
}
