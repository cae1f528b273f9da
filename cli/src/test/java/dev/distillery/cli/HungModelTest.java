package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A model endpoint that hangs: the run's time limit and the request timeout bound it. */
@Timeout(90) // without the bounds these runs would wait out a 300 s read timeout
class HungModelTest {
  private static final String ANSWER =
      "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
          + "\"content\":\"at last\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}";

  @TempDir Path dir;
  private HttpServer server;
  private ExecutorService threads;
  private final CountDownLatch released = new CountDownLatch(1);

  /** Never answers the first request; answers the others at once. */
  private String hangFirst() throws IOException {
    AtomicInteger seen = new AtomicInteger();
    threads = Executors.newCachedThreadPool();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (seen.incrementAndGet() == 1) {
            try {
              released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
          }
          byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @AfterEach
  void stop() {
    released.countDown();
    if (server != null) {
      server.stop(0);
      threads.shutdownNow();
    }
  }

  private String stored(CliHarness cli, String sql) {
    return cli.run("sql", "--format", "csv", sql).out();
  }

  @Test
  void should_end_the_run_as_budget_exceeded_when_the_time_limit_passes_during_a_call()
      throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CliHarness cli = new CliHarness(dir);
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/v1";

      CliHarness.Result run =
          cli.run("run", "-p", "hi", "--base-url", url, "-m", "m", "--time-limit", "2");

      assertEquals(3, run.exitCode(), run.err());
      assertEquals(
          "status,outcome\nbudget_exceeded,time_limit\n",
          stored(cli, "select status, outcome from runs"));
      assertTrue(
          stored(cli, "select reason from runs").contains("during a model call"),
          stored(cli, "select reason from runs"));
    }
  }

  @Test
  void should_give_up_a_hung_try_after_the_request_timeout_and_record_the_retry() throws Exception {
    String url = hangFirst();
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run =
        cli.run("run", "-p", "hi", "--base-url", url, "-m", "m", "--request-timeout", "1");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("at last\n", run.out());
    assertEquals(
        "attempt,type,latency\n1,timeout,true\n",
        stored(
            cli,
            "select data->>'$.retries[0].attempt' as attempt,"
                + " data->>'$.retries[0].errorType' as type,"
                + " (data->>'$.latencyMs')::bigint >= 1000 as latency"
                + " from events where kind = 'model_response'"));
  }

  @Test
  void should_take_a_providers_request_timeout_from_the_settings() throws Exception {
    String url = hangFirst();
    Files.writeString(
        dir.resolve("distillery.json"),
        "{\"providers\": {\"slow\": {\"base_url\": \""
            + url
            + "\", \"request_timeout_seconds\": 1}}}");
    CliHarness cli = new CliHarness(dir);

    CliHarness.Result run = cli.run("run", "-p", "hi", "-m", "slow/m");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        "type\ntimeout\n",
        stored(
            cli,
            "select data->>'$.retries[0].errorType' as type from events"
                + " where kind = 'model_response'"));
  }

  @Test
  void should_refuse_a_request_timeout_under_a_second() {
    CliHarness.Result run =
        new CliHarness(dir).run("run", "-p", "hi", "-m", "m", "--request-timeout", "0");

    assertTrue(run.err().contains("--request-timeout must be at least 1 second"), run.err());
  }
}
