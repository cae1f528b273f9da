package dev.distillery.runtime.model;

/**
 * Hears a reply's text as it streams in, before the whole reply is there: for a person watching a
 * terminal. What is recorded is the assembled {@link ChatReply}, never these pieces. Called on the
 * client's HTTP thread; keep it short.
 */
public interface StreamListener {
  StreamListener NONE = (request, text) -> {};

  /** The next piece of the reply's text. */
  void text(ChatRequest request, String delta);

  /** The reply whose text was heard is complete. */
  default void ended(ChatRequest request) {}

  /** The text heard so far will not be part of the reply: the call failed and is tried again. */
  default void discarded(ChatRequest request) {}
}
