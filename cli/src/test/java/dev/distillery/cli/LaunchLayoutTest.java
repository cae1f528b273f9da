package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchLayoutTest {
  @TempDir Path dir;

  private Path jar(Map<String, String> entries) throws IOException {
    Path jar = dir.resolve("distillery.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }

  private static List<String> names(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> names =
          new ArrayList<>(
              Collections.list(file.entries()).stream().map(ZipEntry::getName).toList());
      Collections.sort(names);
      return names;
    }
  }

  @Test
  void should_take_duckdbs_libraries_out_of_the_jar_and_put_this_platforms_beside_it()
      throws Exception {
    String mine = LaunchLayout.nativeLibrary();
    Path jar =
        jar(
            Map.of(
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nMain-Class: dev.distillery.cli.Main\n",
                "dev/distillery/cli/Main.class",
                "classes",
                mine,
                "this platform's library",
                "libduckdb_java.so_windows_amd64",
                "another platform's",
                "libduckdb_java.so_osx_universal",
                "and another"));
    Path launch = dir.resolve("launch");

    LaunchLayout.make(jar, launch);

    assertEquals(
        List.of("META-INF/MANIFEST.MF", "dev/distillery/cli/Main.class"),
        names(launch.resolve("distillery.jar")));
    assertArrayEquals(
        "this platform's library".getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(launch.resolve(mine)));
    assertEquals(5, names(jar).size(), "the built jar is left whole");
  }

  @Test
  void should_refuse_a_jar_without_this_platforms_library() throws Exception {
    Path jar = jar(Map.of("dev/distillery/cli/Main.class", "classes"));

    assertThrows(IllegalStateException.class, () -> LaunchLayout.make(jar, dir.resolve("launch")));
  }

  @Test
  void should_run_every_training_command_successfully() throws Exception {
    LaunchLayout.train();
  }
}
