package dev.gatehouse.proxy.masking.detect;

import java.util.List;

import static dev.gatehouse.proxy.masking.detect.FakeFormat.compound;
import static dev.gatehouse.proxy.masking.detect.FakeFormat.named;
import static dev.gatehouse.proxy.masking.detect.FakeFormat.token;
import static dev.gatehouse.proxy.masking.detect.Fakes.ALNUM;
import static dev.gatehouse.proxy.masking.detect.Fakes.B64;
import static dev.gatehouse.proxy.masking.detect.Fakes.B64URL;
import static dev.gatehouse.proxy.masking.detect.Fakes.DIGITS;
import static dev.gatehouse.proxy.masking.detect.Fakes.HEX;
import static dev.gatehouse.proxy.masking.detect.Fakes.LOWER_ALNUM;
import static dev.gatehouse.proxy.masking.detect.Fakes.UPPER_ALNUM;

/**
 * Fake developer-platform credentials: VCS, package registries, CI/CD and secret managers, observability,
 * databases. Tokens with an embedded checksum carry a correct one (GitHub's and npm's base62 CRC32,
 * Atlassian-style hex CRC32 for Bitbucket, Grafana's little-endian CRC32).
 */
final class DeveloperFormats {

    private DeveloperFormats() {
    }

    static List<FakeFormat> all() {
        return List.of(
                token("github-classic-pat", "github-token", "GITHUB_TOKEN", f -> "ghp_" + f.checksummed(36)),
                token("github-oauth-token", "github-token", "GH_OAUTH_TOKEN", f -> "gho_" + f.checksummed(36)),
                token("github-user-to-server-token", "github-token", "GH_USER_TOKEN", f -> "ghu_" + f.checksummed(36)),
                token("github-installation-token", "github-token", "GITHUB_TOKEN", f -> "ghs_" + f.checksummed(36)),
                token("github-refresh-token", "github-token", "GH_REFRESH_TOKEN", f -> "ghr_" + f.checksummed(36)),
                token("github-fine-grained-pat", "github-token", "GH_TOKEN",
                        f -> "github_pat_11" + f.rnd(UPPER_ALNUM, 20) + "_" + f.rnd(ALNUM, 59)),
                token("gitlab-pat", "gitlab-token", "GITLAB_TOKEN", f -> "glpat-" + f.rnd(ALNUM + "_-", 20)),
                token("gitlab-pat-routable", "gitlab-token", "GITLAB_TOKEN",
                        f -> "glpat-" + f.rnd(ALNUM, 36) + ".01." + f.rnd(LOWER_ALNUM, 7)),
                token("gitlab-deploy-token", "gitlab-deploy-token", "CI_DEPLOY_PASSWORD", f -> "gldt-" + f.rnd(ALNUM + "_-", 20)),
                token("gitlab-runner-token", "gitlab-runner-token", "RUNNER_TOKEN", f -> "glrt-" + f.rnd(ALNUM + "_-", 20)),
                token("gitlab-runner-registration-token", "gitlab-runner-token", "REGISTRATION_TOKEN",
                        f -> "GR1348941" + f.rnd(ALNUM + "_-", 20)),
                token("gitlab-ci-job-token", "gitlab-ci-token", "CI_JOB_TOKEN",
                        f -> "glcbt-" + f.rnd(ALNUM, f.between(2, 5)) + "_" + f.rnd(ALNUM + "_-", 20)),
                token("gitlab-pipeline-trigger-token", "gitlab-ci-token", "TRIGGER_TOKEN", f -> "glptt-" + f.rnd(HEX, 40)),
                token("gitlab-oauth-secret", "gitlab-oauth-secret", "GITLAB_OAUTH_SECRET", f -> "gloas-" + f.rnd(ALNUM + "_-", 64)),
                token("gitlab-agent-token", "gitlab-agent-token", "AGENT_TOKEN", f -> "glagent-" + f.rnd(ALNUM + "_-", 50)),
                token("gitlab-feed-token", "gitlab-feed-token", "GITLAB_FEED_TOKEN", f -> "glft-" + f.rnd(ALNUM + "_-", 20)),
                token("gitlab-incoming-mail-token", "gitlab-mail-token", "INCOMING_MAIL_TOKEN",
                        f -> "glimt-" + f.rnd(ALNUM + "_-", 25)),
                token("gitlab-scim-token", "gitlab-scim-token", "SCIM_TOKEN", f -> "glsoat-" + f.rnd(ALNUM + "_-", 20)),
                token("gitlab-feature-flag-token", "gitlab-feature-flag-token", "UNLEASH_INSTANCE_TOKEN",
                        f -> "glffct-" + f.rnd(ALNUM + "_-", 20)),
                token("bitbucket-app-password", "bitbucket-app-password", "BITBUCKET_APP_PASSWORD", f -> {
                    String body = "ATBB" + f.rnd(ALNUM, 24);
                    return body + Fakes.hexCrc(body);
                }),
                token("sourcegraph-token", "sourcegraph-token", "SRC_ACCESS_TOKEN",
                        f -> "sgp_" + f.rnd(HEX, 16) + "_" + f.rnd(HEX, 40)),
                token("sourcegraph-legacy-token", "sourcegraph-token", "SRC_ACCESS_TOKEN", f -> "sgp_" + f.rnd(HEX, 40)),
                // package-registries
                token("npm-token", "npm-token", "NPM_TOKEN", f -> "npm_" + f.checksummed(36)),
                token("pypi-token", "pypi-token", "TWINE_PASSWORD", f -> "pypi-AgEIcHlwaS5vcmc" + f.rnd(B64URL, f.between(140, 200))),
                token("test-pypi-token", "pypi-token", "TEST_PYPI_TOKEN",
                        f -> "pypi-AgENdGVzdC5weXBpLm9yZw" + f.rnd(B64URL, f.between(140, 200))),
                token("rubygems-token", "rubygems-token", "GEM_HOST_API_KEY", f -> "rubygems_" + f.rnd(HEX, 48)),
                token("nuget-api-key", "nuget-api-key", "NUGET_API_KEY", f -> "oy2" + f.mixed(LOWER_ALNUM, 43)),
                token("clojars-token", "clojars-token", "CLOJARS_PASSWORD", f -> "CLOJARS_" + f.rnd(LOWER_ALNUM, 60)),
                token("crates-io-token", "crates-io-token", "CARGO_REGISTRY_TOKEN", f -> "cio" + f.mixed(ALNUM, 32)),
                token("docker-hub-pat", "docker-hub-token", "DOCKERHUB_TOKEN", f -> "dckr_pat_" + f.rnd(ALNUM + "_-", 27)),
                token("docker-hub-org-token", "docker-hub-token", "DOCKERHUB_TOKEN", f -> "dckr_oat_" + f.rnd(ALNUM + "_-", 32)),
                token("artifactory-api-key", "artifactory-token", "ARTIFACTORY_API_KEY", f -> "AKCp" + f.rnd(ALNUM, 69)),
                token("artifactory-reference-token", "artifactory-token", "JFROG_ACCESS_TOKEN", f -> "cmVmd" + f.rnd(ALNUM, 59)),
                // observability
                token("sentry-user-token", "sentry-token", "SENTRY_AUTH_TOKEN", f -> "sntryu_" + f.rnd(HEX, 64)),
                token("sentry-org-token", "sentry-token", "SENTRY_AUTH_TOKEN", f -> "sntrys_" + f.base64("{\"iat\":"
                        + f.rnd(DIGITS, 10) + ".1,\"url\":\"https://sentry.io\",\"region_url\":\"https://us.sentry.io\","
                        + "\"org\":\"acme\"}") + "_" + f.rnd(B64, 43)),
                token("grafana-service-account-token", "grafana-token", "GRAFANA_TOKEN", f -> {
                    String body = "glsa_" + f.rnd(ALNUM, 32);
                    return body + "_" + Fakes.littleEndianHexCrc(body);
                }),
                token("grafana-cloud-token", "grafana-token", "GRAFANA_CLOUD_TOKEN", f -> "glc_" + f.base64("{\"o\":\""
                        + f.rnd(DIGITS, 6) + "\",\"n\":\"stack-" + f.rnd(DIGITS, 6) + "-hm-read\",\"k\":\"" + f.rnd(ALNUM, 24)
                        + "\",\"m\":{\"r\":\"prod-us-east-0\"}}")),
                token("grafana-legacy-api-key", "grafana-token", "GRAFANA_API_KEY",
                        f -> f.base64("{\"k\":\"" + f.rnd(ALNUM, 32) + "\",\"n\":\"ci-deploy-" + f.rnd(DIGITS, 4) + "\",\"id\":1}")),
                named("datadog-api-key", "datadog-api-key", "DD_API_KEY", f -> f.mixed(HEX, 32)),
                named("datadog-app-key", "datadog-api-key", "DATADOG_APP_KEY", f -> f.mixed(HEX, 40)),
                token("new-relic-user-key", "new-relic-key", "NEW_RELIC_API_KEY", f -> "NRAK-" + f.rnd(UPPER_ALNUM, 27)),
                token("new-relic-insert-key", "new-relic-key", "NEW_RELIC_INSERT_KEY", f -> "NRII-" + f.rnd(ALNUM + "_-", 32)),
                token("dynatrace-token", "dynatrace-token", "DT_API_TOKEN",
                        f -> "dt0c01." + f.rnd(UPPER_ALNUM, 24) + "." + f.rnd(UPPER_ALNUM, 64)),
                token("posthog-personal-key", "posthog-personal-key", "POSTHOG_PERSONAL_API_KEY", f -> "phx_" + f.rnd(ALNUM, 43)),
                // devops
                token("vault-service-token", "vault-token", "VAULT_TOKEN", f -> "hvs." + f.rnd(ALNUM + "_-", f.between(92, 110))),
                token("vault-batch-token", "vault-token", "VAULT_TOKEN", f -> "hvb." + f.rnd(ALNUM + "_-", f.between(140, 180))),
                token("terraform-cloud-token", "terraform-cloud-token", "TFE_TOKEN",
                        f -> f.rnd(ALNUM, 14) + ".atlasv1." + f.rnd(ALNUM + "_-", 67)),
                token("pulumi-token", "pulumi-token", "PULUMI_ACCESS_TOKEN", f -> "pul-" + f.rnd(HEX, 40)),
                token("doppler-personal-token", "doppler-token", "DOPPLER_TOKEN", f -> "dp.pt." + f.rnd(ALNUM, 43)),
                token("doppler-service-token", "doppler-token", "DOPPLER_TOKEN", f -> "dp.st.prd." + f.rnd(ALNUM, 43)),
                token("sonar-user-token", "sonar-token", "SONAR_TOKEN", f -> "squ_" + f.rnd(HEX, 40)),
                token("sonar-project-token", "sonar-token", "SONAR_TOKEN", f -> "sqp_" + f.rnd(HEX, 40)),
                token("octopus-deploy-key", "octopus-deploy-key", "OCTOPUS_API_KEY", f -> "API-" + f.mixed(UPPER_ALNUM, 26)),
                token("infracost-token", "infracost-token", "INFRACOST_API_KEY", f -> "ico-" + f.rnd(ALNUM, 32)),
                token("prefect-token", "prefect-token", "PREFECT_API_KEY", f -> "pnu_" + f.rnd(ALNUM, 36)),
                token("harness-pat", "harness-token", "HARNESS_API_KEY",
                        f -> "pat." + f.rnd(ALNUM + "_-", 22) + "." + f.rnd(HEX, 24) + "." + f.rnd(ALNUM, 20)),
                token("buildkite-token", "buildkite-token", "BUILDKITE_API_TOKEN", f -> "bkua_" + f.rnd(LOWER_ALNUM, 40)),
                token("circleci-token", "circleci-token", "CIRCLE_TOKEN",
                        f -> "CCIPAT_" + f.rnd(ALNUM, 22) + "_" + f.rnd(HEX, 40)),
                token("tailscale-auth-key", "tailscale-key", "TS_AUTHKEY",
                        f -> "tskey-auth-k" + f.rnd(ALNUM, 10) + "CNTRL-" + f.rnd(ALNUM, 33)),
                token("1password-service-account-token", "1password-secret", "OP_SERVICE_ACCOUNT_TOKEN",
                        f -> "ops_" + f.base64("{\"signInAddress\":\"my.1password.com\",\"userAuth\":{\"method\":\"SRPg-4096\","
                                + "\"alg\":\"PBES2g-HS256\",\"iterations\":650000,\"salt\":\"" + f.rnd(B64URL, 22) + "\"},"
                                + "\"email\":\"" + f.rnd(LOWER_ALNUM, 12) + "@1passwordserviceaccounts.com\",\"srpX\":\""
                                + f.rnd(HEX, 64) + "\",\"muk\":{\"alg\":\"A256GCM\",\"k\":\"" + f.rnd(B64URL, 43) + "\"}}")),
                token("1password-secret-key", "1password-secret", "OP_SECRET_KEY",
                        f -> "A3-" + f.rnd(UPPER_ALNUM, 6) + "-" + f.rnd(UPPER_ALNUM, 11) + "-" + f.rnd(UPPER_ALNUM, 5) + "-"
                                + f.rnd(UPPER_ALNUM, 5) + "-" + f.rnd(UPPER_ALNUM, 5)),
                compound("okta-ssws-header", "okta-token", "OKTA_AUTHORIZATION", f -> {
                    String token = "00" + f.rnd(ALNUM + "_-", 40);
                    return new FakeFormat.Fake("SSWS " + token, token);
                }),
                named("okta-api-token", "okta-token", "OKTA_API_TOKEN", f -> "00" + f.rnd(ALNUM + "_-", 40)),
                // databases
                token("databricks-token", "databricks-token", "DATABRICKS_TOKEN", f -> "dapi" + f.rnd(HEX, 32)),
                token("planetscale-service-token", "planetscale-token", "PLANETSCALE_SERVICE_TOKEN",
                        f -> "pscale_tkn_" + f.rnd(ALNUM + "_", 43)),
                token("planetscale-oauth-token", "planetscale-token", "PLANETSCALE_OAUTH_TOKEN",
                        f -> "pscale_oauth_" + f.rnd(ALNUM + "_", 43)),
                token("planetscale-password", "planetscale-password", "DATABASE_PASSWORD", f -> "pscale_pw_" + f.rnd(ALNUM + "_", 43)),
                token("clickhouse-cloud-key", "clickhouse-cloud-key", "CLICKHOUSE_KEY_SECRET", f -> "4b1d" + f.mixed(ALNUM, 38)),
                token("supabase-access-token", "supabase-token", "SUPABASE_ACCESS_TOKEN", f -> "sbp_" + f.rnd(HEX, 40)),
                token("aiven-service-password", "aiven-password", "AIVEN_PASSWORD", f -> "AVNS_" + f.mixed(ALNUM + "_-", 24)));
    }
}
