package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.distillery.annotate.AnnotateOptions;
import dev.distillery.trace.EventKind;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Run;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunStatus;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium answers a run's asks on the run page under {@code serve}: the first with
 * the keyboard, the second with the Deny button; the run then finishes. Skipped, saying why, where
 * Chromium is absent.
 */
class ServeApprovalBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path dir;
  Serving serving;
  WebDriver browser;

  @BeforeAll
  static void need_chromium() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is absent");
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
    if (serving != null) {
      serving.close();
    }
  }

  @Test
  void should_let_the_run_page_approve_and_deny_a_waiting_run() throws Exception {
    Files.writeString(
        dir.resolve("script.json"),
        """
        [ {"tool_calls": [{"name": "bash",
            "arguments": {"command": "echo approved-call '<b id=injected>x</b>'"}}]},
          {"tool_calls": [{"name": "bash", "arguments": {"command": "echo approved-call two"}}]},
          {"content": "done"} ]
        """);
    Files.writeString(
        dir.resolve("distillery.json"),
        """
        {"policy": {"approval_timeout_seconds": 120, "rules": [
          {"tool": "bash", "argument": "command", "match": "approved-call", "action": "ask",
           "reason": "tests ask"} ]}}
        """);
    serving =
        Serving.start(
            dir.resolve("distillery.duckdb"),
            "127.0.0.1",
            0,
            new AnnotateOptions("ada", null),
            new PrintWriter(new StringWriter()));
    CompletableFuture<CliHarness.Result> run =
        CompletableFuture.supplyAsync(
            () -> new CliHarness(dir).run("run", "-p", "echo", "--script", "script.json"));
    String runId = awaitRunId(run);
    browser = chromium();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

    browser.get(serving.url().resolve("runs/" + runId).toString());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#approvals .approval")));
    String shown = browser.findElement(By.cssSelector("#approvals .approval code")).getText();
    assertTrue(shown.contains("<b id=injected>x</b>"), "shown as text: " + shown);
    assertTrue(browser.findElements(By.id("injected")).isEmpty(), "trace values are escaped");
    browser.findElement(By.tagName("body")).sendKeys("y");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#approvals .approval code"), "two"));
    browser.findElement(By.cssSelector("#approvals button.approval-no")).click();
    CliHarness.Result result = run.get(60, TimeUnit.SECONDS);

    assertEquals(0, result.exitCode(), result.err());
    Run finished = serving.store().runs(RunFilter.latest(1)).get(0);
    assertEquals(RunStatus.SUCCEEDED, finished.status());
    List<EventPayload.ApprovalAnswered> approvals =
        serving.store().events(runId).stream()
            .filter(e -> e.kind() == EventKind.APPROVAL)
            .map(e -> (EventPayload.ApprovalAnswered) e.payload())
            .toList();
    assertEquals(2, approvals.size());
    assertEquals("yes", approvals.get(0).answer());
    assertEquals("no", approvals.get(1).answer());
    for (EventPayload.ApprovalAnswered approval : approvals) {
      assertEquals("ada", approval.answeredBy());
      assertEquals("browser", approval.via());
    }
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("approvals")));
    assertFalse(browser.findElement(By.id("approvals")).isDisplayed());
  }

  /** The run that asks, once its ask is pending on the server. */
  private String awaitRunId(CompletableFuture<CliHarness.Result> run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<Run> runs = serving.store().runs(RunFilter.latest(1));
      if (!runs.isEmpty()
          && serving.store().events(runs.get(0).id()).stream()
              .anyMatch(e -> e.kind() == EventKind.POLICY_DECISION)) {
        return runs.get(0).id();
      }
      assertFalse(run.isDone(), () -> "the run ended without asking: " + run.join().err());
      // the run is on another thread and records through HTTP: nothing to block on but the store
      Thread.sleep(50);
    }
    throw new AssertionError("the run did not ask within 60 s");
  }

  private WebDriver chromium() throws Exception {
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(CHROMIUM.toString());
    chrome.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-sync",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .build();
    return new ChromeDriver(service, chrome);
  }
}
