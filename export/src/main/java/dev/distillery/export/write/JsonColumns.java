package dev.distillery.export.write;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Parquet's JSON logical type on the columns that hold JSON text. parquet-avro writes every Avro
 * string as a Parquet STRING; a string schema marked {@link #mark} becomes a JSON column instead,
 * which pyarrow reads as its {@code arrow.json} type and Hugging Face {@code datasets} decodes
 * ({@code Json} feature) into the very objects the JSONL line holds. Readers that do not know the
 * type see the text.
 */
final class JsonColumns {
  private static final String PROPERTY = "distillery.json";

  private JsonColumns() {}

  /** A string schema whose column is JSON text. */
  static Schema json() {
    Schema schema = Schema.create(Schema.Type.STRING);
    schema.addProp(PROPERTY, true);
    return schema;
  }

  /** Whether the schema's column is JSON text. */
  static boolean isJson(Schema schema) {
    return schema.getObjectProp(PROPERTY) != null;
  }

  /** The Parquet schema parquet-avro made from {@code avro}, with its JSON columns annotated. */
  static MessageType annotate(MessageType parquet, Schema avro) {
    return new MessageType(parquet.getName(), fields(parquet, avro));
  }

  private static List<Type> fields(GroupType group, Schema record) {
    List<Type> fields = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      fields.add(annotate(group.getType(field.name()), field.schema()));
    }
    return fields;
  }

  private static Type annotate(Type type, Schema avro) {
    Schema schema = avro.isUnion() ? avro.getTypes().get(avro.getTypes().size() - 1) : avro;
    if (type.isPrimitive()) {
      if (schema.getObjectProp(PROPERTY) == null) {
        return type;
      }
      PrimitiveType primitive = type.asPrimitiveType();
      return Types.primitive(primitive.getPrimitiveTypeName(), primitive.getRepetition())
          .as(LogicalTypeAnnotation.jsonType())
          .named(primitive.getName());
    }
    GroupType group = type.asGroupType();
    return switch (schema.getType()) {
      case RECORD -> group.withNewFields(fields(group, schema));
      case ARRAY -> {
        // a 3-level list: <name> (LIST) { repeated group list { element } }
        GroupType repeated = group.getType(0).asGroupType();
        Type element = annotate(repeated.getType(0), schema.getElementType());
        yield group.withNewFields(repeated.withNewFields(element));
      }
      default -> type;
    };
  }
}
