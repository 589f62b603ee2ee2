package dev.gatehouse.cluster;

import dev.gatehouse.testkit.LocalInfra;
import dev.gatehouse.testkit.OidcIssuer;

/**
 * The cluster's stand-ins for what a company already runs, as one process: the CI job issuer and the
 * company IdP (the local OIDC issuer) and the HTTP target whose log is the drills' ground truth.
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static void main(String[] args) throws InterruptedException {
        Layout layout = Layout.fromEnvironment();
        OidcIssuer issuer = LocalInfra.oidc(Layout.ISSUER);
        GroundTruthEcho echo = new GroundTruthEcho(Layout.ECHO, layout.echoLog());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            echo.close();
            issuer.close();
        }, "fixtures-shutdown"));
        System.out.println("issuer " + Layout.url(Layout.ISSUER) + ", echo target " + Layout.url(Layout.ECHO));
        Thread.currentThread().join();
    }
}
