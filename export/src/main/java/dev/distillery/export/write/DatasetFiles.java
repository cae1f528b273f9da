package dev.distillery.export.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.export.ExportException;
import dev.distillery.export.ExportFormat;
import dev.distillery.export.ExportOptions;
import dev.distillery.export.ExportSummary;
import dev.distillery.export.format.Json;
import dev.distillery.export.format.ShareGptFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * The files of one export: one data file per split that has rows, then the dataset card (and
 * LLaMA-Factory's dataset_info.json for ShareGPT). Everything is written into a hidden folder
 * inside the output folder first and moved into place only when all of it is written, so a failed
 * export never leaves half a dataset. Data files of a declared split that got no rows this time are
 * removed, so the folder holds exactly what the card describes.
 */
public final class DatasetFiles implements AutoCloseable {
  private final ExportOptions options;
  private final Path staging;
  private final Map<String, SplitWriter> writers = new TreeMap<>();
  // the Avro schema of Parquet rows; null for JSONL
  private final Schema schema;
  private boolean finished;

  private DatasetFiles(ExportOptions options, Path staging) {
    this.options = options;
    this.staging = staging;
    this.schema = options.parquet() ? ParquetSchemas.of(options.format()) : null;
  }

  /** A row made ready for its file: an Avro record for Parquet, a line of JSON text for JSONL. */
  public static final class Encoded {
    private final Object value;

    private Encoded(Object value) {
      this.value = value;
    }
  }

  /**
   * The row as its file takes it. Needs no file and changes nothing, so rows can be encoded on
   * other threads and written here in order.
   */
  public Encoded encode(ObjectNode row) {
    return new Encoded(schema != null ? AvroRows.convert(schema, row) : line(row));
  }

  /**
   * A JSONL line's UTF-8 bytes, without its {@code \n}. Encoded here, on the thread that made the
   * row, so that the writing thread only copies bytes. Jackson's own byte output is not used: it
   * writes an emoji as two escapes, and with surrogates combined it pairs a lone surrogate with
   * whatever follows. {@code getBytes} gives a UTF-8 writer's bytes for valid text, and {@code ?}
   * for a lone surrogate (parsed tool-call arguments can hold one, from {@code \ud83d}), where a
   * writer would fail the export.
   */
  static byte[] line(ObjectNode row) {
    return Json.write(row).getBytes(StandardCharsets.UTF_8);
  }

  public static DatasetFiles open(ExportOptions options) {
    try {
      Files.createDirectories(options.outDir());
      return new DatasetFiles(options, Files.createTempDirectory(options.outDir(), ".export-"));
    } catch (IOException e) {
      throw new ExportException("cannot write to " + options.outDir() + ": " + e.getMessage(), e);
    }
  }

  /** A split's file: {@code train.jsonl}, or {@code <config>/train-00000-of-00001.parquet}. */
  static String fileName(ExportOptions options, String split) {
    return options.parquet()
        ? options.format().cliName() + "/" + split + "-00000-of-00001.parquet"
        : split + ".jsonl";
  }

  /** The {@code data_files} path of a split in the card. */
  static String cardPath(ExportOptions options, String split) {
    return options.parquet() ? options.format().cliName() + "/" + split + "-*" : split + ".jsonl";
  }

  public void write(String split, ObjectNode row) {
    write(split, encode(row));
  }

  /** Appends an encoded row to the split's file, opening the file with the split's first row. */
  public void write(String split, Encoded row) {
    try {
      SplitWriter writer = writers.get(split);
      if (writer == null) {
        Path file = staging.resolve(fileName(options, split));
        Files.createDirectories(file.getParent());
        writer = schema != null ? SplitWriter.parquet(file, schema) : SplitWriter.jsonl(file);
        writers.put(split, writer);
      }
      writer.write(row.value);
    } catch (IOException | RuntimeException e) {
      throw new ExportException(
          "cannot write " + fileName(options, split) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Closes the data files, writes the card (and dataset_info.json), then moves every file into the
   * output folder.
   *
   * @param newest the newest end of a selected run: the card's date when the options give none
   * @return the files written, relative to the output folder
   */
  public List<String> finish(ExportSummary summary, Instant newest, String version) {
    try {
      for (SplitWriter writer : writers.values()) {
        writer.close();
      }
      Instant date = options.generatedAt() != null ? options.generatedAt() : newest;
      Files.writeString(
          staging.resolve("README.md"),
          DatasetCard.render(options, summary, date, version),
          StandardCharsets.UTF_8);
      if (options.format() == ExportFormat.SHAREGPT) {
        ObjectNode info = Json.object();
        for (String split : writers.keySet()) {
          info.set("distillery_" + split, ShareGptFormat.datasetInfo(fileName(options, split)));
        }
        Files.writeString(
            staging.resolve("dataset_info.json"),
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n",
            StandardCharsets.UTF_8);
      }
      List<String> names = names();
      for (String name : names) {
        Path target = options.outDir().resolve(name);
        Files.createDirectories(target.getParent());
        Files.move(staging.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
      }
      for (String split : options.splits().keySet()) {
        if (!writers.containsKey(split)) {
          Files.deleteIfExists(options.outDir().resolve(fileName(options, split)));
        }
      }
      finished = true;
      return names;
    } catch (IOException e) {
      throw new ExportException(
          "cannot finish the export in " + options.outDir() + ": " + e.getMessage(), e);
    }
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    for (String split : options.splits().keySet()) {
      if (writers.containsKey(split)) {
        names.add(fileName(options, split));
      }
    }
    names.add("README.md");
    if (options.format() == ExportFormat.SHAREGPT) {
      names.add("dataset_info.json");
    }
    return names;
  }

  /** Closes what is open and deletes the staging folder, whether or not the export finished. */
  @Override
  public void close() {
    for (SplitWriter writer : writers.values()) {
      try {
        writer.close();
      } catch (IOException | RuntimeException ignored) {
        // the staging folder is deleted below
      }
    }
    try (Stream<Path> paths = Files.walk(staging)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      if (!finished) {
        throw new ExportException("cannot clean up " + staging + ": " + e.getMessage(), e);
      }
    }
  }
}
