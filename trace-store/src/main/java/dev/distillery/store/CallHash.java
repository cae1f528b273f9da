package dev.distillery.store;

import dev.distillery.trace.EventPayload.ToolCalled;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A tool call's fingerprint, computed when it is recorded so that the {@code loops} view groups
 * integers instead of argument texts: the first 15 hex digits (60 bits) of the MD5 of tool name, a
 * NUL and the arguments. The V7 migration fills older rows with the same rule in SQL: {@code ('0x'
 * || left(md5(name || chr(0) || text), 15))::BIGINT}. Equal calls have equal hashes; the view
 * compares the texts too, so a collision cannot make a loop.
 */
final class CallHash {
  private CallHash() {}

  static long of(ToolCalled call) {
    return of(call.toolName(), call.argumentsJson());
  }

  static long of(String tool, String arguments) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(tool.getBytes(StandardCharsets.UTF_8));
      md5.update((byte) 0);
      md5.update((arguments == null ? "" : arguments).getBytes(StandardCharsets.UTF_8));
      byte[] digest = md5.digest();
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return value >>> 4; // 64 bits less the last hex digit: 15 hex digits
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }
}
