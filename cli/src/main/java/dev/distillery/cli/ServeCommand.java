package dev.distillery.cli;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.ServerExtension;
import dev.distillery.capture.proxy.ProxyOptions;
import dev.distillery.capture.proxy.RecordingProxy;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code distillery serve}: the labelling web app over the store, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the store in the browser, to read and label runs.",
      "Runs list, timelines, labels by keyboard, annotator agreement. Binds 127.0.0.1; any other",
      "host needs a token (given, or generated and printed).",
      "While it runs, run, run --suite and chat on the same store record through it."
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand Main root;
  @Spec CommandSpec spec;
  @Mixin StoreOption storeOption;
  @Mixin OtlpServeOptions otlpOptions;

  @Option(
      names = "--port",
      defaultValue = "7070",
      description = "Port (default 7070; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default 127.0.0.1).")
  String host;

  @Option(names = "--user", description = "Your name on annotations (default: $USER).")
  String user;

  @Option(
      names = "--token",
      description =
          "Require this token on every request (default: none on 127.0.0.1, generated otherwise).")
  String token;

  // the recording proxy (capture, docs/capture.md)
  @Option(
      names = "--upstream",
      paramLabel = "URL|PROVIDER",
      description = {
        "Also answer /v1/chat/completions, /v1/responses and /v1/models as a recording proxy to",
        "this OpenAI-compatible endpoint (https://api.openai.com/v1, http://gpu:8000/v1) or",
        "provider (openai, vllm, one of distillery.json); each conversation is recorded as a run."
      })
  String upstream;

  @Option(
      names = "--proxy-idle",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "End a proxied conversation's run after this long without a request (5m).")
  String proxyIdle;

  @Override
  public Integer call() throws InterruptedException {
    String author = user != null ? user : root.context.env().getOrDefault("USER", "annotator");
    boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    String required = token != null ? token : loopback ? null : generatedToken();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stopped = new CountDownLatch(1);
    List<ServerExtension> extensions = new ArrayList<>();
    ProxyOptions proxy =
        upstream == null ? null : ProxyUpstream.resolve(upstream, proxyIdle, root.context);
    if (proxy != null) {
      extensions.add(new RecordingProxy(proxy));
    }
    try (Serving serving =
        Serving.start(
            storeOption.resolve(root.context),
            host,
            port,
            new AnnotateOptions(author, required),
            Stream.concat(extensions.stream(), otlpOptions.extensions().stream()).toList(),
            err)) {
      String url =
          "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + serving.port() + "/";
      out.println(
          "serving "
              + serving.store().file()
              + " at "
              + url
              + (required == null ? "" : "?token=" + required));
      String otlpLine = otlpOptions.line(url);
      if (otlpLine != null) {
        out.println(otlpLine);
      }
      out.println("labelling as " + author + "; press ? on a page for the keys, Ctrl-C to stop");
      out.println(
          "run, run --suite and chat on this store now record through this server (live on its"
              + " pages)");
      if (proxy != null) {
        out.println(
            "recording proxy: point clients' base URL at "
                + url
                + "v1 (upstream "
                + proxy.upstream()
                + ")"
                + (required == null ? "" : "; they send the token in X-Distillery-Token"));
      }
      out.flush();
      try (GracefulStop stop =
          new GracefulStop(
              millis -> {
                // in the shutdown hook: the main thread may not get to run its finally blocks
                serving.close();
                stopped.countDown();
              })) {
        stopped.await();
      }
    }
    return ExitCode.OK;
  }

  private static String generatedToken() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
