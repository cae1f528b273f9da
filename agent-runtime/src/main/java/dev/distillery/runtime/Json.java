package dev.distillery.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The runtime's one {@link ObjectMapper}: model wire formats, tool arguments, suites, hooks and the
 * catalog all read and write JSON through it. Configured once here; never reconfigured by a user.
 */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
