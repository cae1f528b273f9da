/**
 * Runs of agents that Distillery did not start, recorded through {@code serve}: an
 * OpenAI-compatible recording proxy ({@code /v1/chat/completions}, {@code /v1/responses}, {@code
 * /v1/models}) and an OTLP/HTTP trace receiver ({@code /v1/traces}), both added to the server as
 * {@link dev.distillery.annotate.ServerExtension}s; and OTLP spans out for native runs. See
 * docs/capture.md.
 */
package dev.distillery.capture;
