package dev.distillery.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.store.DuckDbTraceStore;
import dev.distillery.trace.Annotation;
import dev.distillery.trace.CheckStatus;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The overview page in a real headless Chromium: plots, links to filtered lists, escaping. */
class OverviewBrowserTest {
  static final String SCRIPT_TASK = "<script>window.__owned=1</script>";
  static final String SCRIPT_TAG = "<img src=x onerror=window.__owned=2>";

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
    store = DuckDbTraceStore.open(dir.resolve("o.duckdb"));
    TestRuns.finished(
        store, "r1", 1, TestRuns.spec("count", "gpt-a", "t1", "s1"), "a", CheckStatus.PASS);
    TestRuns.finished(
        store, "r2", 2, TestRuns.spec("fix", "gpt-a", "t2", "s1"), "b", CheckStatus.FAIL);
    TestRuns.finished(
        store, "r3", 3, TestRuns.spec("fix", "gpt-a", SCRIPT_TASK, "s1"), "c", CheckStatus.FAIL);
    store.annotate(annotation("a1", "r2", List.of("loops")));
    store.annotate(annotation("a2", "r3", List.of("loops", SCRIPT_TAG)));
    app =
        AnnotateServer.create(
                store, new AnnotateOptions("tester", null, null, Duration.ofMillis(100)))
            .start("127.0.0.1", 0);
    browser = HeadlessChromium.start(dir);
    wait = HeadlessChromium.waitFor(browser);
  }

  private static Annotation annotation(String id, String run, List<String> tags) {
    return new Annotation(id, run, null, "ann", "incorrect", tags, null, TestRuns.T0);
  }

  @AfterEach
  void close() {
    HeadlessChromium.close(browser, app, store);
  }

  @Test
  void should_draw_the_plots_each_with_its_numbers_beside_it() {
    open("/overview");
    List<WebElement> plots = browser.findElements(By.cssSelector("svg.plot"));
    assertTrue(plots.size() >= 8, "plots: " + plots.size());
    assertEquals("3 runs", browser.findElement(By.id("total")).getText());
    String tasks = browser.findElement(By.cssSelector("#tasks table")).getText();
    assertTrue(tasks.contains("t1 1 1 1.00 1.00"), tasks);
    String tags = browser.findElement(By.cssSelector("#tags table")).getText();
    assertTrue(tags.contains("loops 2"), tags);
    assertEquals("Overview", browser.findElement(By.cssSelector("nav a:first-child")).getText());
  }

  @Test
  void should_open_the_runs_list_filtered_by_a_tag_when_its_bar_is_clicked() {
    open("/overview?model=gpt-a");
    WebElement bar = browser.findElement(By.cssSelector("#tags svg a rect"));
    bar.click();
    wait.until(ExpectedConditions.urlContains("tag="));
    assertEquals(
        "/?model=gpt-a&tag=loops", browser.getCurrentUrl().replaceFirst("^http://[^/]+", ""));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    String list = browser.findElement(By.tagName("main")).getText();
    assertTrue(list.contains("fix"), list);
    assertTrue(!list.contains("count"), list);
  }

  @Test
  void should_open_runs_lists_as_long_as_each_tag_and_signature_bar_says_when_followed() {
    Pattern runs = Pattern.compile(": (\\d+) runs");
    for (String section : List.of("tags", "signatures")) {
      open("/overview?model=gpt-a");
      List<String[]> bars = new ArrayList<>();
      for (WebElement link : browser.findElements(By.cssSelector("#" + section + " svg a"))) {
        String title = link.findElement(By.tagName("title")).getAttribute("textContent");
        Matcher number = runs.matcher(title);
        assertTrue(number.find(), title);
        bars.add(new String[] {link.getDomAttribute("href"), number.group(1), title});
      }
      assertEquals(section.equals("tags") ? 2 : 1, bars.size(), section);
      for (String[] bar : bars) {
        assertTrue(bar[0].startsWith("/?model=gpt-a&"), bar[0]);
        open(bar[0]);
        assertEquals(bar[1], browser.findElement(By.id("total")).getText(), bar[2]);
      }
    }
    assertEquals("2", browser.findElement(By.id("total")).getText());
    String list = browser.findElement(By.tagName("main")).getText();
    assertTrue(list.contains("fix") && !list.contains("count"), list);
  }

  @Test
  void should_show_a_script_in_a_task_id_or_a_tag_as_text() {
    open("/overview");
    String main = browser.findElement(By.tagName("main")).getText();
    assertTrue(main.contains(SCRIPT_TASK), main);
    assertTrue(main.contains(SCRIPT_TAG), main);
    assertTrue(browser.findElements(By.cssSelector("main script, main img")).isEmpty());
    assertNull(((JavascriptExecutor) browser).executeScript("return window.__owned"));
  }

  private void open(String path) {
    browser.get("http://127.0.0.1:" + app.port() + path);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
  }
}
