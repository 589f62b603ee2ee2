package dev.gatehouse.audit.dashboard;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * The dashboard's login and the approval-service it acts on. {@code issuerUri} is the company IdP (OIDC
 * discovery is read on the first login, so the service starts while the IdP is down); without a
 * {@code clientSecret} the dashboard is a public client and relies on PKCE alone.
 */
@Validated
@ConfigurationProperties("gatehouse.audit.dashboard")
public record DashboardProperties(@NotBlank @DefaultValue("http://localhost:8090/gatehouse") String issuerUri,
                                  @NotBlank @DefaultValue("gatehouse-dashboard") String clientId,
                                  String clientSecret,
                                  @NotNull @DefaultValue("http://localhost:8082") URI approvalUrl,
                                  @NotNull @DefaultValue("5s") Duration pollInterval,
                                  @NotNull @DefaultValue("5s") Duration approvalTimeout) {

    public boolean publicClient() {
        return clientSecret == null || clientSecret.isBlank();
    }
}
