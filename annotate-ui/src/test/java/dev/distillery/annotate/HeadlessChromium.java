package dev.distillery.annotate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.distillery.store.DuckDbTraceStore;
import io.javalin.Javalin;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The headless Chromium the browser tests drive the pages with, and what they close after. */
final class HeadlessChromium {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Skips the calling test class, saying why, where Chromium or its driver is absent. */
  static void assumeInstalled() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is absent"
            + " (apt-get install -y chromium chromium-driver)");
  }

  /**
   * A headless Chromium with its own profile in {@code dir}/chrome, given {@code more} arguments
   * (such as {@code --disable-quic}) before the usual ones.
   */
  static WebDriver start(Path dir, String... more) throws IOException {
    List<String> arguments =
        new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu"));
    arguments.addAll(List.of(more));
    arguments.addAll(
        List.of(
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome"))));
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(CHROMIUM.toString());
    chrome.addArguments(arguments);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .build();
    return new ChromeDriver(service, chrome);
  }

  /** Waits up to ten seconds. */
  static WebDriverWait waitFor(WebDriver browser) {
    return new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  /** Waits up to ten seconds, looking again while the page re-renders what a condition reads. */
  static WebDriverWait waitThroughReRenders(WebDriver browser) {
    // a page re-renders a part (the latest labels) while a condition reads it: Chrome then answers
    // "Node with given id does not belong to the document", which is a stale node, so look again
    WebDriverWait wait = waitFor(browser);
    wait.ignoring(StaleElementReferenceException.class);
    wait.ignoring(WebDriverException.class);
    return wait;
  }

  /** Quits the browser, stops the app and closes the store, each where it was opened. */
  static void close(WebDriver browser, Javalin app, DuckDbTraceStore store) {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.stop();
    }
    if (store != null) {
      store.close();
    }
  }
}
