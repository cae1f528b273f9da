package dev.distillery.export.write;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/** Writes the rows of one split to one file: a JSONL line, or a Parquet record, each. */
interface SplitWriter extends AutoCloseable {
  /** Appends a row as {@link DatasetFiles#encode} made it. */
  void write(Object encoded) throws IOException;

  @Override
  void close() throws IOException;

  /** UTF-8, one compact object a line, keys in the order the format put them, {@code \n} ends. */
  static SplitWriter jsonl(Path file) throws IOException {
    OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    return new SplitWriter() {
      @Override
      public void write(Object line) throws IOException {
        stream.write((byte[]) line);
        stream.write('\n');
      }

      @Override
      public void close() throws IOException {
        stream.close();
      }
    };
  }

  /**
   * Parquet with ZSTD and standard 3-level lists ({@code parquet.avro.write-old-list-structure}
   * false), as Hugging Face datasets reads them. Hadoop is not needed: the Avro data model is given
   * and the ZSTD codec is {@link ZstdCodecs}. Row groups of 32 MiB, not parquet-mr's 128: a row
   * group is buffered in memory until it is full, and an export writes several splits at once.
   */
  static final long ROW_GROUP_BYTES = 32L * 1024 * 1024;

  static SplitWriter parquet(Path file, Schema schema) throws IOException {
    PlainParquetConfiguration conf =
        new PlainParquetConfiguration(Map.of("parquet.avro.write-old-list-structure", "false"));
    ParquetWriter<GenericRecord> writer =
        new JsonAwareWriter(new LocalOutputFile(file), schema)
            .withConf(conf)
            .withCodecFactory(new ZstdCodecs())
            .withCompressionCodec(CompressionCodecName.ZSTD)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withRowGroupSize(ROW_GROUP_BYTES)
            .build();
    return new SplitWriter() {
      private boolean closed;

      @Override
      public void write(Object record) throws IOException {
        writer.write((GenericRecord) record);
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          writer.close();
        }
      }
    };
  }
}
