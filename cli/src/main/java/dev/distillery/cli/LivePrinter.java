package dev.distillery.cli;

import dev.distillery.runtime.model.ChatRequest;
import dev.distillery.runtime.model.StreamListener;
import java.io.PrintWriter;

/** Prints a streamed reply's text as it arrives, and ends the line when the reply is complete. */
final class LivePrinter implements StreamListener {
  private final PrintWriter writer;
  private boolean midLine;
  private long printed;

  LivePrinter(PrintWriter writer) {
    this.writer = writer;
  }

  @Override
  public synchronized void text(ChatRequest request, String delta) {
    writer.print(delta);
    writer.flush();
    midLine = !delta.endsWith("\n");
    printed += delta.length();
  }

  @Override
  public synchronized void ended(ChatRequest request) {
    if (midLine) {
      writer.println();
      writer.flush();
      midLine = false;
    }
  }

  @Override
  public synchronized void discarded(ChatRequest request) {
    ended(request);
    writer.println("(the reply broke off; asking again)");
    writer.flush();
  }

  /** How many characters were printed so far. */
  synchronized long printed() {
    return printed;
  }
}
