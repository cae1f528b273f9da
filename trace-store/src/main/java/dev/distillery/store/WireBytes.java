package dev.distillery.store;

import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.Role;
import dev.distillery.trace.RunStatus;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * An enum column read from its UTF-8 bytes by comparing them with each stored name: a stream reads
 * one per row, and making a string to hash and look up cost more than the handful of comparisons.
 */
final class WireBytes<E extends Enum<E>> {
  static final WireBytes<EventKind> EVENT_KIND =
      new WireBytes<>(EventKind.values(), EventKind::wire, EventKind::fromWire);
  static final WireBytes<Role> ROLE = new WireBytes<>(Role.values(), Role::wire, Role::fromWire);
  static final WireBytes<RunStatus> RUN_STATUS =
      new WireBytes<>(RunStatus.values(), RunStatus::wire, RunStatus::fromWire);
  static final WireBytes<CheckStatus> CHECK_STATUS =
      new WireBytes<>(CheckStatus.values(), CheckStatus::wire, CheckStatus::fromWire);

  private final E[] constants;
  private final byte[][] names;
  private final Function<String, E> fromWire;

  private WireBytes(E[] constants, Function<E, String> wire, Function<String, E> fromWire) {
    this.constants = constants;
    this.names = new byte[constants.length][];
    for (int i = 0; i < constants.length; i++) {
      names[i] = wire.apply(constants[i]).getBytes(StandardCharsets.UTF_8);
    }
    this.fromWire = fromWire;
  }

  /** The constant a column names, or null for SQL NULL; other spellings go to {@code fromWire}. */
  E read(ResultSet row, Columns columns, int column) throws SQLException {
    byte[] bytes = columns.utf8(row, column);
    if (bytes == null) {
      return null;
    }
    for (int i = 0; i < names.length; i++) {
      if (Arrays.equals(names[i], bytes)) {
        return constants[i];
      }
    }
    return fromWire.apply(new String(bytes, StandardCharsets.UTF_8));
  }
}
