package dev.distillery.capture.proxy;

import dev.distillery.trace.Message;
import dev.distillery.trace.ToolCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Conversations compared as clients send them back: role, text (none and empty alike), tool calls
 * and the call a tool result answers; not the fields SDKs add or drop on the way (a tool result's
 * name, {@code refusal}, {@code annotations}).
 */
final class Prefixes {
  private Prefixes() {}

  /** Whether two messages are the same turn of a conversation. */
  static boolean same(Message a, Message b) {
    return key(a).equals(key(b));
  }

  /** How many first messages the two lists share. */
  static int shared(List<Message> a, List<Message> b) {
    int n = 0;
    while (n < a.size() && n < b.size() && same(a.get(n), b.get(n))) {
      n++;
    }
    return n;
  }

  /** The hash of the whole list. */
  static String hash(List<Message> messages) {
    List<String> all = hashes(messages);
    return all.isEmpty() ? "" : all.get(all.size() - 1);
  }

  /** The hash of each first part of the list: element {@code i} covers messages 0..i. */
  static List<String> hashes(List<Message> messages) {
    MessageDigest digest = digest();
    List<String> out = new ArrayList<>(messages.size());
    for (Message message : messages) {
      digest.update(key(message).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0x1e);
      try {
        out.add(HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest()));
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("SHA-256 digests can be cloned on every JDK", e);
      }
    }
    return out;
  }

  private static String key(Message message) {
    StringBuilder key = new StringBuilder(64);
    key.append(message.role().wire()).append('\u001f');
    key.append(Objects.requireNonNullElse(message.content(), "")).append('\u001f');
    for (ToolCall call : message.toolCalls()) {
      key.append(call.id()).append('\u001f').append(call.name()).append('\u001f');
      key.append(call.argumentsJson()).append('\u001f');
    }
    key.append(Objects.requireNonNullElse(message.toolCallId(), ""));
    return key.toString();
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
