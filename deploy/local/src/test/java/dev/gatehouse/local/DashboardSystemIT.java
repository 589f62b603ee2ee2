package dev.gatehouse.local;

import dev.gatehouse.testkit.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reviewer's side of issue 9 through the real services: an agent's write is held by the proxy, a
 * reviewer signs in to the dashboard at the issuer's login page, finds the request in the live queue,
 * approves it with a comment, and the held HTTP call completes at the target. Then an auditor finds the
 * session by repository and opens its timeline.
 */
class DashboardSystemIT extends DemoSuiteTest {

    private static final String SUBJECT = "repo:acme/dashboard-demo:ref:refs/heads/main";

    @Test
    void aReviewerApprovesAHeldRequestInTheDashboardAndTheHeldCallCompletes() throws Exception {
        String path = "/orders/dashboard-" + Long.toString(System.nanoTime(), 36);
        String agent = oidc.ciToken(SUBJECT, Map.of("repository", "acme/dashboard-demo", "workflow", "release",
                "run_id", "7001"));
        CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(HttpRequest.newBuilder(
                        URI.create(suite.url("edge-proxy") + "/proxy/demo-http" + path))
                .header("Authorization", "Bearer " + agent).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"dashboard\"}")).timeout(Duration.ofSeconds(90))
                .build(), HttpResponse.BodyHandlers.ofString());

        try (Browser browser = new Browser(suite.url("audit-service"))) {
            browser.signIn("/dashboard/approvals", "rita", "gatehouse-reviewer");
            // The queue refreshes itself: the held request shows up without a reload.
            WebElement card = new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(driver ->
                    driver.findElements(By.cssSelector("article.card.pending")).stream()
                            .filter(element -> element.getText().contains(path)).findFirst().orElse(null));
            assertThat(card.getText()).contains("review-writes").contains("acme/dashboard-demo");
            assertThat(held).as("still held while the reviewer reads").isNotDone();
            browser.screenshot("system-approvals");

            card.findElement(By.name("comment")).sendKeys("ship it");
            card.findElement(By.cssSelector("button.approve")).click();

            HttpResponse<String> response = held.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(echo.received()).anyMatch(received -> received.path().equals(path)
                    && received.method().equals("POST"));
        }

        try (Browser auditor = new Browser(suite.url("audit-service"))) {
            auditor.signIn("/dashboard/search?repository=acme/dashboard-demo", "alice", "gatehouse-auditor");
            WebElement session = new WebDriverWait(auditor.driver, Duration.ofSeconds(30)).until(driver -> {
                driver.navigate().refresh();
                return driver.findElements(By.cssSelector("a[href*='/dashboard/sessions/']")).stream()
                        .findFirst().orElse(null);
            });
            session.click();
            new WebDriverWait(auditor.driver, Duration.ofSeconds(30)).until(driver -> {
                String text = auditor.text();
                if (text.contains("APPROVAL_DECIDED") && text.contains("RESPONSE")) {
                    return true;
                }
                driver.navigate().refresh();
                return false;
            });
            assertThat(auditor.text()).contains("APPROVAL_REQUESTED").contains("rita").contains("ship it");
            auditor.screenshot("system-session");
        }
    }
}
