package dev.portcullis.admin.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through ChromeDriver, both from Debian's packages at their fixed install
 * paths. Naming both explicitly keeps Selenium Manager from ever looking for, or downloading, a browser or
 * a driver. Each instance runs on its own throwaway profile and records the page's console.
 *
 * <p>Not thread-safe: one test drives one browser.
 */
final class Chromium implements AutoCloseable {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /** Long enough for a few 2 s polls of the dashboard on a busy machine. */
  static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriver driver;

  private Chromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * Starts a browser whose profile lives in {@code profile} (an empty directory the caller deletes).
   *
   * @throws IllegalStateException when the Debian packages {@code chromium} or {@code chromium-driver}
   *                               are not installed
   */
  static Chromium launch(Path profile) {
    requireInstalled(BROWSER, "chromium");
    requireInstalled(DRIVER, "chromium-driver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1400,2000", "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new Chromium(new ChromeDriver(service, options));
  }

  private static void requireInstalled(Path executable, String debianPackage) {
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException("the dashboard test drives a real headless Chromium and needs " + executable
          + ": install the Debian packages 'chromium' and 'chromium-driver' (missing: '" + debianPackage + "')");
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  /** A wait of {@link #WAIT} on this browser. */
  WebDriverWait await() {
    return new WebDriverWait(driver, WAIT);
  }

  /** The console entries at level SEVERE since the last call (reading the log empties it). */
  List<LogEntry> takeSevereConsoleEntries() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .toList();
  }

  /** Saves what the browser shows as a PNG at {@code file}, creating its directory. */
  void screenshot(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Ends the browser and its driver process. */
  @Override
  public void close() {
    driver.quit();
  }
}
