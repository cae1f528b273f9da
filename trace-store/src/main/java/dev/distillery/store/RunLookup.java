package dev.distillery.store;

import dev.distillery.trace.AmbiguousRunIdException;
import dev.distillery.trace.Message;
import dev.distillery.trace.Run;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Finding a run by a prefix of its id, and reading its message log whole. */
final class RunLookup {
  private RunLookup() {}

  /** The exact id first; else the one run whose id starts with the prefix. */
  static Optional<Run> find(Connection connection, String idOrPrefix) throws SQLException {
    List<Run> exact = Jdbc.mapped(connection, RunRows.BY_ID, List.of(idOrPrefix), RunRows::map);
    if (!exact.isEmpty()) {
      return Optional.of(exact.get(0));
    }
    List<String> ids =
        Jdbc.list(
            connection,
            RunRows.IDS_BY_PREFIX,
            List.of(RunRows.escapeLike(idOrPrefix)),
            row -> row.getString(1));
    if (ids.size() > 1) {
      throw new AmbiguousRunIdException(idOrPrefix, ids);
    }
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    return Jdbc.mapped(connection, RunRows.BY_ID, ids, RunRows::map).stream().findFirst();
  }

  /** Messages 0..n-1; refuses a log with a gap or a repeated index. */
  static List<Message> messages(Connection connection, String runId) throws SQLException {
    return MessageRow.log(
        runId, Jdbc.mapped(connection, MessageRow.SELECT, List.of(runId), MessageRow::map));
  }
}
