package dev.gatehouse.testkit;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's headless Chromium driven by its chromedriver (both found on PATH, {@link RequiredTool#chromium()}),
 * 1280x900, one profile (cookie jar) per instance.
 * Selenium is an optional dependency of testkit: a module whose tests drive a browser declares
 * {@code selenium-java} (test scope) itself.
 */
public final class Browser implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    public final ChromeDriver driver;
    private final String base;

    public Browser(String base) {
        this.base = base;
        RequiredTool.Chromium chromium = RequiredTool.chromium();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.browser().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromium.driver().toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    public void open(String path) {
        driver.get(base + path);
    }

    /** Opens {@code path}, is sent to the issuer's login page, signs in there and lands back on the dashboard. */
    public void signIn(String path, String username, String... groups) {
        open(path);
        WebElement user = waitFor(By.name("username"));
        user.sendKeys(username);
        String claims = "{\"groups\": [" + String.join(", ", java.util.Arrays.stream(groups)
                .map(g -> "\"" + g + "\"").toList()) + "]}";
        WebElement claimsField = driver.findElement(By.name("claims"));
        claimsField.clear();
        claimsField.sendKeys(claims);
        driver.findElement(By.cssSelector("input[type=submit]")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().startsWith(base));
    }

    public WebElement waitFor(By locator) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String cookie(String name) {
        return driver.manage().getCookieNamed(name).getValue();
    }

    /** The whole page (up to 4000 px tall) at the current width, as target/screenshots/NAME.png. */
    public void screenshot(String name) {
        Dimension size = driver.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(4000, Math.max(height + 140, size.getHeight()))));
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
