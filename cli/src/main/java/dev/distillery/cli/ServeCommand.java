package dev.distillery.cli;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.annotate.ServerExtension;
import dev.distillery.capture.proxy.ProxyOptions;
import dev.distillery.capture.proxy.RecordingProxy;
import dev.distillery.store.lake.Lake;
import dev.distillery.trace.DistilleryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
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

  // serving a lake (docs/scale.md): a copy of what it holds, labels pushed back
  @Option(
      names = "--lake",
      paramLabel = "DIR",
      description =
          "Serve a lake (distillery lake push) instead of a store; labels made go back to it.")
  Path lake;

  @Option(
      names = "--lake-push-every",
      paramLabel = "DURATION",
      defaultValue = "2m",
      description = "With --lake: push new labels to the lake this often, and when stopped (2m).")
  String lakePushEvery;

  @Override
  public Integer call() throws InterruptedException {
    String author = user != null ? user : root.context.env().getOrDefault("USER", "annotator");
    boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    String required = token != null ? token : loopback ? null : generatedToken();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stopped = new CountDownLatch(1);
    List<ServerExtension> extensions = new ArrayList<>();
    Lake fromLake = lake == null ? null : lakeToServe();
    Duration pushEvery = fromLake == null ? null : ProxyUpstream.duration(lakePushEvery);
    ProxyOptions proxy =
        upstream == null ? null : ProxyUpstream.resolve(upstream, proxyIdle, root.context);
    if (proxy != null) {
      extensions.add(new RecordingProxy(proxy));
    }
    if (fromLake == null) {
      extensions.addAll(otlpOptions.extensions());
    }
    Path file = fromLake == null ? storeOption.resolve(root.context) : fromLake.copy();
    try (Serving serving =
            Serving.start(
                file, host, port, new AnnotateOptions(author, required), extensions, err);
        LakeLabelPush labelsBack =
            fromLake == null
                ? null
                : LakeLabelPush.start(fromLake, serving.store(), pushEvery, err)) {
      String url =
          "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + serving.port() + "/";
      out.println(
          "serving "
              + serving.store().file()
              + " at "
              + url
              + (required == null ? "" : "?token=" + required));
      if (fromLake != null) {
        out.println(
            "serving lake "
                + fromLake.dir()
                + " (a copy as of now; labels go back to it every "
                + lakePushEvery
                + " and when stopped)");
      }
      String otlpLine = fromLake == null ? otlpOptions.line(url) : null;
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
                if (labelsBack != null) {
                  labelsBack.close();
                }
                serving.close();
                if (fromLake != null) {
                  deleteCopy(file);
                }
                stopped.countDown();
              })) {
        stopped.await();
      }
    } finally {
      if (fromLake != null) {
        deleteCopy(file);
      }
    }
    return ExitCode.OK;
  }

  /** The lake's served copy and what DuckDB and serve wrote beside it. */
  private static void deleteCopy(Path file) {
    String name = file.getFileName().toString();
    try (Stream<Path> beside = Files.list(file.getParent())) {
      for (Path path : beside.filter(p -> p.getFileName().toString().startsWith(name)).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary file left behind is the operating system's to clean
    }
  }

  private Lake lakeToServe() {
    Lake served = LakeOption.instead(storeOption, root.context, lake);
    if (upstream != null) {
      throw new UsageException(
          "--upstream and --lake: a lake is written by shards' pushes; record through a store");
    }
    if (!Files.isDirectory(served.dir())) {
      throw new DistilleryException("no lake at " + served.dir());
    }
    return served;
  }

  private static String generatedToken() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
