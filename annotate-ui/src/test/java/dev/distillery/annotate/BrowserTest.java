package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.EventPayload;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real headless Chromium driving the pages. Skipped, saying why, where Chromium is absent. */
class BrowserTest {
  @TempDir Path dir;
  DuckDbTraceStore store;
  Javalin app;
  WebDriver browser;
  WebDriverWait wait;

  @BeforeAll
  static void need_chromium() {
    HeadlessChromium.assumeInstalled();
  }

  @BeforeEach
  void serve_and_open_a_browser() throws Exception {
    store = DuckDbTraceStore.open(dir.resolve("t.duckdb"));
    TestRuns.finished(
        store,
        "r1",
        1,
        TestRuns.spec("count the files", "gpt-a", "t1", "s1"),
        "a\nb",
        CheckStatus.PASS);
    TestRuns.finished(
        store,
        "r2",
        2,
        TestRuns.spec("fix the bug", "gpt-b", "t2", "s1"),
        ApiTest.XSS,
        CheckStatus.FAIL);
    TestRuns.finished(
        store,
        "r3",
        3,
        TestRuns.spec("fix another bug", "gpt-a", "t2", "s1"),
        "ok",
        CheckStatus.FAIL);
    AnnotateOptions options = new AnnotateOptions("tester", null, null, Duration.ofMillis(100));
    app = AnnotateServer.create(store, options).start("127.0.0.1", 0);
    browser = HeadlessChromium.start(dir, "--disable-quic");
    wait = HeadlessChromium.waitThroughReRenders(browser);
  }

  @AfterEach
  void close() {
    HeadlessChromium.close(browser, app, store);
  }

  @Test
  void should_keep_a_label_given_with_the_keyboard_after_a_reload() {
    open("/runs/r1");
    press("c");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("latest-labels"), "tester: correct"));
    browser.navigate().refresh();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("latest-labels"), "tester: correct"));
    press("x");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("latest-labels"), "tester: incorrect"));
    assertEquals(2, browser.findElements(By.cssSelector("#history > li")).size());
  }

  @Test
  void should_show_a_script_tag_in_tool_output_as_text() {
    open("/runs/r2");
    wait.until(d -> "complete".equals(script("return document.readyState")));
    String timeline = browser.findElement(By.id("timeline")).getText();
    assertTrue(
        timeline.contains("<script>alert(1)</script><img src=x onerror=alert(1)>"), timeline);
    assertTrue(browser.findElements(By.cssSelector("#timeline img, #timeline script")).isEmpty());
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
  }

  @Test
  void should_append_an_event_recorded_while_the_page_is_open() {
    TestRuns live =
        TestRuns.start(store, "r4", 4, TestRuns.spec("a live run", "gpt-a", "t3", "s1"));
    live.toolTurn("first output");
    open("/runs/r4");
    script("window.notReloaded = true");
    live.add(null, null, new EventPayload.Error("rate_limited", "arrived live <b>429</b>", true));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("timeline"), "arrived live <b>429</b>"));
    assertEquals(Boolean.TRUE, script("return window.notReloaded === true"));
  }

  @Test
  void should_show_a_run_recorded_through_ingest_live_with_its_script_tags_as_text() {
    app.stop();
    AnnotateOptions options = new AnnotateOptions("tester", null);
    app =
        AnnotateServer.create(store, null, new IngestTarget(store, store.file()), options)
            .start("127.0.0.1", 0);
    IngestPost client =
        new IngestPost(java.net.URI.create("http://127.0.0.1:" + app.port() + "/"), null);
    TestRuns live =
        TestRuns.start(client, "r5", 5, TestRuns.spec("sent live", "gpt-a", "t3", null));
    open("/runs/r5");
    wait.until(d -> "complete".equals(script("return document.readyState")));
    script("window.notReloaded = true");

    live.toolTurn(ApiTest.XSS);
    live.add(null, null, new EventPayload.Error("rate_limited", "arrived by ingest", true));

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "arrived by ingest"));
    String timeline = browser.findElement(By.id("timeline")).getText();
    assertTrue(timeline.contains(ApiTest.XSS), timeline);
    assertTrue(timeline.contains("Model turn 1"), timeline);
    assertTrue(browser.findElements(By.cssSelector("#timeline img, #timeline script")).isEmpty());
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    assertEquals(Boolean.TRUE, script("return window.notReloaded === true"));
  }

  @Test
  void should_open_the_run_chosen_with_j_and_enter_on_the_list() {
    open("/?check=fail");
    press("j");
    press("j");
    press("\n");
    wait.until(ExpectedConditions.urlContains("/runs/r2?check=fail"));
  }

  @Test
  void should_move_through_steps_and_the_queue_with_the_keyboard() {
    open("/runs/r3?check=fail");
    press("?");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("help")));
    browser.findElement(By.id("help")).click();
    press("j");
    press("j");
    // the second step in view: the model turn (#2), the request before it (#1) being folded
    wait.until(
        ExpectedConditions.attributeToBe(By.cssSelector("li.step.selected"), "data-seq", "2"));
    press("n");
    wait.until(ExpectedConditions.urlContains("/runs/r2?check=fail"));
  }

  private void open(String path) {
    browser.get("http://127.0.0.1:" + app.port() + path);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
  }

  private void press(String key) {
    browser.findElement(By.tagName("body")).sendKeys(key);
  }

  private Object script(String js) {
    return ((JavascriptExecutor) browser).executeScript(js);
  }
}
