package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.EventPayload;
import dev.distillery.trace.Ids;
import dev.distillery.trace.LatestLabels;
import dev.distillery.trace.TraceEvent;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The run page as an annotator uses it, in a real headless Chromium: a two-turn run's conversation
 * in view with its machinery folded, a judge's verdict apart from people's labels, and labelling
 * run after run by keyboard. Skipped, saying why, where Chromium is absent.
 */
class RunPageBrowserTest {
  static final String JUDGE = "judge:gpt-j";

  /** The blocks a reader sees in the conversation: steps and folded lines, not what is folded. */
  static final String VISIBLE_BLOCKS =
      "return Array.from(document.querySelectorAll('#timeline li.step, #timeline li.machinery'))"
          + ".filter(function (el) { return el.checkVisibility(); })"
          + ".map(function (el) { return el.classList.contains('machinery') ? 'fold'"
          + " : el.dataset.seq; }).join(' ')";

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
    store = DuckDbTraceStore.open(dir.resolve("p.duckdb"));
    TwoTurnRun.record(store, "r1", 1, "Let me look " + ApiTest.XSS, ApiTest.XSS);
    TwoTurnRun.record(store, "r2", 2, "Let me look.", "a\nb");
    TwoTurnRun.record(store, "r3", 3, "Let me look.", "a\nb");
    app =
        AnnotateServer.create(
                store, new AnnotateOptions("tester", null, null, Duration.ofMillis(100)))
            .start("127.0.0.1", 0);
    browser = HeadlessChromium.start(dir, "--disable-quic");
    // a laptop's window: what an annotator sees without scrolling
    browser.manage().window().setSize(new Dimension(1280, 800));
    wait = HeadlessChromium.waitThroughReRenders(browser);
  }

  @AfterEach
  void close() {
    HeadlessChromium.close(browser, app, store);
  }

  @Test
  void should_show_the_conversation_in_order_and_fold_the_machinery_when_a_run_has_two_turns() {
    open("/runs/r2");

    // 21 steps, each a block of its own before; now the conversation and one line per turn
    assertEquals(TwoTurnRun.STEPS, browser.findElements(By.cssSelector("li.step")).size());
    assertEquals("0 fold 4 6 9 14 fold 15 17 fold", script(VISIBLE_BLOCKS));
    List<WebElement> folds = browser.findElements(By.cssSelector("li.machinery"));
    assertEquals("3 machinery events: state ×2, Model request", folds.get(0).getText().strip());
    assertEquals(
        "7 machinery events: state ×2, Policy allow shell, Hook before tool, Hook after tool,"
            + " Checkpoint (step 1), Model request",
        folds.get(1).getText().strip());
    assertEquals(
        List.of("run_started", "model_response", "tool_call", "tool_result", "error"),
        kinds().subList(0, 5));
    // the check's long output is folded under its first line
    assertTrue(
        browser.findElement(By.cssSelector("#step-17 details.long")).getAttribute("open") == null);

    folds.get(1).findElement(By.tagName("summary")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("step-7")));
    assertEquals(
        "0 fold 4 6 9 14 fold 5 7 8 10 11 12 13 15 17 fold",
        script(VISIBLE_BLOCKS),
        "the opened line shows its steps in place");
  }

  @Test
  void should_show_each_tool_result_right_under_its_call_when_decisions_came_between() {
    open("/runs/r2");

    WebElement result = browser.findElement(By.id("step-9"));
    Object previous = script("return document.getElementById('step-9').previousElementSibling.id");
    assertEquals("step-6", previous);
    assertTrue(result.getText().contains("Tool result shell"), result.getText());
    assertTrue(browser.findElement(By.id("step-6")).getText().contains("Tool call shell"));
  }

  @Test
  void should_show_a_judge_verdict_apart_from_people_with_its_reason_and_step() {
    TraceEvent wrong = store.events("r1").get(9);
    store.annotate(annotation("r1", null, "alice", "correct", null));
    store.annotate(annotation("r1", null, JUDGE, "incorrect", "ignored " + ApiTest.XSS));
    store.annotate(annotation("r1", wrong.id(), JUDGE, "incorrect", null));
    open("/runs/r1");

    String people = browser.findElement(By.id("latest-labels")).getText();
    String judge = browser.findElement(By.id("judge-labels")).getText();
    assertTrue(people.contains("alice: correct"), people);
    assertFalse(people.contains(JUDGE), people);
    assertTrue(judge.contains(JUDGE + ": incorrect"), judge);
    assertTrue(judge.contains("at step #9 Tool result shell"), judge);
    assertTrue(judge.contains("ignored " + ApiTest.XSS), judge);

    browser.findElement(By.cssSelector("#judge-labels a.step-link")).click();
    wait.until(ExpectedConditions.attributeContains(By.id("step-9"), "class", "selected"));
  }

  @Test
  void should_keep_script_payloads_as_text_in_model_text_tool_output_and_a_judge_reason() {
    store.annotate(annotation("r1", null, JUDGE, "incorrect", ApiTest.XSS));
    open("/runs/r1");

    String page = browser.findElement(By.tagName("main")).getText();
    assertTrue(page.contains("Let me look " + ApiTest.XSS), page);
    assertTrue(browser.findElement(By.id("step-9")).getText().contains(ApiTest.XSS));
    assertTrue(browser.findElements(By.cssSelector("main img, main script")).isEmpty());
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
  }

  @Test
  void should_label_run_after_run_by_keyboard_landing_each_time_on_the_conversation() {
    open("/queue/next");
    List<String> labelled = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String url = browser.getCurrentUrl();
      assertTrue(url.contains("/runs/"), url);
      assertEquals(0L, ((Number) script("return window.scrollY")).longValue());
      assertTrue(inView("step-0") && inView("step-4"), "task and first turn in view on " + url);
      press("c");
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("latest-labels"), "tester: correct"));
      labelled.add(url.substring(url.indexOf("/runs/") + 6));
      press("n");
      wait.until(d -> !d.getCurrentUrl().equals(url));
      wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    }
    wait.until(ExpectedConditions.urlContains("done=1"));
    assertEquals(
        List.of("r1", "r2", "r3"), labelled.stream().map(u -> u.split("\\?")[0]).sorted().toList());
    for (String run : List.of("r1", "r2", "r3")) {
      Map<String, Annotation> latest = LatestLabels.ofRun(store.annotations(run));
      assertEquals("correct", latest.get("tester").label(), run);
    }
  }

  @Test
  void should_fold_machinery_that_arrives_live_and_show_an_error_that_arrives_live() {
    TestRuns live =
        TestRuns.start(store, "r4", 4, TestRuns.spec("a live run", "gpt-a", "t3", "s1"));
    live.toolTurn("first output");
    open("/runs/r4");
    script("window.notReloaded = true");

    live.add(null, null, new EventPayload.Checkpoint(1, 4, "/snap/1", "link"));
    live.add(null, null, new EventPayload.Error("rate_limited", "arrived live", true));

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "arrived live"));
    wait.until(
        d ->
            "1 machinery event: Checkpoint (step 1)"
                .equals(
                    d.findElement(By.cssSelector("#timeline > li.machinery:last-child summary"))
                        .getText()));
    assertFalse(browser.findElement(By.id("step-5")).isDisplayed(), "the checkpoint is folded");
    assertTrue(browser.findElement(By.id("step-6")).isDisplayed(), "the error is not");
    assertEquals(Boolean.TRUE, script("return window.notReloaded === true"));
  }

  @Test
  void should_keep_the_flagged_count_of_a_fold_when_machinery_joins_it_live() {
    TestRuns live =
        TestRuns.start(store, "r5", 5, TestRuns.spec("a flagged run", "gpt-a", "t3", "s1"));
    live.toolTurn("first output");
    String checkpoint = live.add(null, null, new EventPayload.Checkpoint(1, 4, "/snap/1", "link"));
    store.annotate(
        new Annotation(
            "flag-1", "r5", checkpoint, "tester", "incorrect", List.of(), "odd", TestRuns.T0));
    open("/runs/r5");
    String summary = "#timeline > li.machinery:last-child summary";
    assertEquals(
        "1 machinery event: Checkpoint (step 1) ⚑ 1 flagged",
        browser.findElement(By.cssSelector(summary)).getText());

    live.add(null, null, new EventPayload.Checkpoint(2, 4, "/snap/2", "link"));

    wait.until(
        d -> d.findElement(By.cssSelector(summary)).getText().startsWith("2 machinery events"));
    assertTrue(
        browser.findElement(By.cssSelector(summary)).getText().endsWith(" ⚑ 1 flagged"),
        browser.findElement(By.cssSelector(summary)).getText());
  }

  private boolean inView(String id) {
    return Boolean.TRUE.equals(
        script(
            "var r = document.getElementById('"
                + id
                + "').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;"));
  }

  private List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    for (WebElement step : browser.findElements(By.cssSelector("#timeline > li.step"))) {
      kinds.add(step.getAttribute("class").split(" ")[1]);
    }
    return kinds;
  }

  private static Annotation annotation(
      String run, String eventId, String author, String label, String comment) {
    return new Annotation(
        Ids.newId(), run, eventId, author, label, List.of(), comment, TestRuns.T0.plusSeconds(1));
  }

  private void open(String path) {
    browser.get("http://127.0.0.1:" + app.port() + path);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    wait.until(d -> "complete".equals(script("return document.readyState")));
  }

  private void press(String key) {
    browser.findElement(By.tagName("body")).sendKeys(key);
  }

  private Object script(String js) {
    return ((JavascriptExecutor) browser).executeScript(js);
  }
}
