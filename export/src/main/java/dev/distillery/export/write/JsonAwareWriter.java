package dev.distillery.export.write;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * parquet-avro's writer, given the Parquet schema with its JSON columns annotated ({@link
 * JsonColumns}); parquet-avro's own builder derives the schema and offers no such hook.
 */
final class JsonAwareWriter extends ParquetWriter.Builder<GenericRecord, JsonAwareWriter> {
  private final Schema schema;

  JsonAwareWriter(OutputFile file, Schema schema) {
    super(file);
    this.schema = schema;
  }

  @Override
  protected JsonAwareWriter self() {
    return this;
  }

  @Override
  protected WriteSupport<GenericRecord> getWriteSupport(ParquetConfiguration conf) {
    return new AvroWriteSupport<>(
        JsonColumns.annotate(new AvroSchemaConverter(conf).convert(schema), schema),
        schema,
        GenericData.get());
  }

  @Override
  protected WriteSupport<GenericRecord> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
    throw new UnsupportedOperationException("Hadoop configurations are not used here");
  }
}
