package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.LabelSource;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The disagreements page in a real headless Chromium: κ, raw agreement, the confusion matrix and
 * the runs two chosen sources label differently, from a store whose figures are worked out by hand.
 */
class DisagreementsBrowserTest {
  static final String SCRIPT_TASK = "<script>window.__owned=1</script>";
  static final String EVIL_AUTHOR = "<img src=x onerror=window.__owned=2>";
  static final String JUDGE = LabelSource.judgeAuthor("m");

  /**
   * Run, alice, the judge, the check. alice against the judge:
   *
   * <pre>
   *                  judge correct  judge incorrect
   * alice correct      3 (r1-r3)      1 (r4)
   * alice incorrect    1 (r7)         2 (r5, r6)
   * </pre>
   *
   * raw 5/7 = 71.4%; p_e = (4/7)² + (3/7)² = 25/49; κ = (10/49) / (24/49) = 0.417. The judge
   * against the check: 2 (r1, r2), 2 (r3, r7), 1 (r4), 2 (r5, r6); raw 4/7; judge 4/7 correct,
   * check 3/7: p_e = 24/49; κ = (4/49) / (25/49) = 0.160.
   */
  static final String[][] RUNS = {
    {"r1", "correct", "correct", "pass"},
    {"r2", "correct", "correct", "pass"},
    {"r3", "correct", "correct", "fail"},
    {"r4", "correct", "incorrect", "pass"},
    {"r5", "incorrect", "incorrect", "fail"},
    {"r6", "incorrect", "incorrect", "fail"},
    {"r7", "incorrect", "correct", "fail"}
  };

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
    store = DuckDbTraceStore.open(dir.resolve("d.duckdb"));
    for (int i = 0; i < RUNS.length; i++) {
      String[] run = RUNS[i];
      String task = run[0].equals("r7") ? SCRIPT_TASK : "task-" + run[0];
      TestRuns.finished(
          store,
          run[0],
          i + 1,
          TestRuns.spec("prompt " + run[0], "gpt-a", task, "s1"),
          "out",
          CheckStatus.fromWire(run[3]));
      label(run[0] + "a", run[0], "alice", run[1]);
      label(run[0] + "j", run[0], JUDGE, run[2]);
    }
    TestRuns.finished(store, "r8", 9, TestRuns.spec("p", "gpt-a", "t8", "s1"), "o", null);
    label("r8e", "r8", EVIL_AUTHOR, "correct");
    app =
        AnnotateServer.create(
                store, new AnnotateOptions("tester", null, null, Duration.ofMillis(100)))
            .start("127.0.0.1", 0);
    browser = HeadlessChromium.start(dir);
    wait = HeadlessChromium.waitFor(browser);
  }

  private void label(String id, String run, String author, String label) {
    store.annotate(new Annotation(id, run, null, author, label, List.of(), null, TestRuns.T0));
  }

  @AfterEach
  void close() {
    HeadlessChromium.close(browser, app, store);
  }

  @Test
  void should_show_kappa_raw_agreement_matrix_and_the_differing_runs_of_a_person_and_a_judge() {
    open("/disagreements?a=alice&b=" + Html.url(JUDGE));
    String kappa = browser.findElement(By.id("kappa")).getText();
    assertTrue(kappa.contains("κ = 0.417"), kappa);
    assertTrue(kappa.contains("raw agreement 71.4%"), kappa);
    assertTrue(kappa.contains("over 7 runs"), kappa);
    assertEquals(
        "alice correct 3 1\nalice incorrect 1 2",
        browser.findElement(By.cssSelector("#matrix tbody")).getText());
    // newest first, as the runs list
    String differing = browser.findElement(By.cssSelector("#pair-disagreements tbody")).getText();
    assertEquals(
        "r7 " + SCRIPT_TASK + " incorrect correct\nr4 task-r4 correct incorrect", differing);
    browser.findElement(By.cssSelector("#pair-disagreements a[href='/runs/r4']")).click();
    wait.until(ExpectedConditions.urlContains("/runs/r4"));
  }

  @Test
  void should_compute_the_pair_chosen_in_the_selectors() {
    open("/disagreements");
    new Select(browser.findElement(By.name("a"))).selectByValue(JUDGE);
    new Select(browser.findElement(By.name("b"))).selectByValue("check");
    browser.findElement(By.cssSelector("#kappa-form button")).click();
    wait.until(ExpectedConditions.urlContains("b=check"));
    String kappa = browser.findElement(By.id("kappa")).getText();
    assertTrue(kappa.contains("κ = 0.160"), kappa);
    assertTrue(kappa.contains("raw agreement 57.1%"), kappa);
    assertEquals(
        JUDGE + " correct 2 2\n" + JUDGE + " incorrect 1 2",
        browser.findElement(By.cssSelector("#matrix tbody")).getText());
    assertEquals(
        JUDGE, new Select(browser.findElement(By.name("a"))).getFirstSelectedOption().getText());
  }

  @Test
  void should_show_a_script_in_a_task_or_an_author_as_text() {
    open("/disagreements?a=alice&b=" + Html.url(JUDGE));
    String main = browser.findElement(By.tagName("main")).getText();
    assertTrue(main.contains(SCRIPT_TASK), main);
    List<String> sources =
        new Select(browser.findElement(By.name("b")))
            .getOptions().stream().map(o -> o.getAttribute("value")).toList();
    assertEquals(List.of("human", "judge", EVIL_AUTHOR, "alice", JUDGE, "check"), sources);
    assertTrue(browser.findElements(By.cssSelector("main script, main img")).isEmpty());
    assertNull(((JavascriptExecutor) browser).executeScript("return window.__owned"));
  }

  private void open(String path) {
    browser.get("http://127.0.0.1:" + app.port() + path);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
  }
}
