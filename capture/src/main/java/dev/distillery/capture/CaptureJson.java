package dev.distillery.capture;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The capture module's one {@link ObjectMapper}: the wire JSON of OpenAI clients and OTLP. */
public final class CaptureJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private CaptureJson() {}
}
