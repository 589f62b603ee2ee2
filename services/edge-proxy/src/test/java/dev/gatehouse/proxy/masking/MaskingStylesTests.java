package dev.gatehouse.proxy.masking;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.MaskingDirectives.MaskingStyle;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskingStylesTests {

    private static final String GITHUB = "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";
    private static final String CARD = "4111 1111 1111 1111";

    private final MaskingEngine engine = new MaskingEngine();

    @Test
    void redactNamesTheDetector() {
        MaskResult result = engine.maskText("key AKIAIOSFODNN7EXAMPLE and " + GITHUB, Plans.allRedact());

        assertThat(result.text()).isEqualTo("key [REDACTED:aws-access-key] and [REDACTED:github-token]");
        assertThat(result.counts().asMap()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("aws-access-key", 1, "github-token", 1));
    }

    @Test
    void partialKeepsTheLastFourOfPersonalNumbersAndOnlyThePublicPrefixOfSecrets() {
        MaskResult result = engine.maskText("card " + CARD + " iban DE89 3704 0044 0532 0130 00 token " + GITHUB
                + " mail jane.doe@example.com", Plans.all(MaskingStyle.PARTIAL));

        assertThat(result.text()).isEqualTo("card **** **** **** 1111 iban **** **** **** **** **30 00 token "
                + "ghp_[REDACTED:github-token] mail [REDACTED:email]@example.com");
    }

    @Test
    void partialNeverRevealsSecretMaterial() {
        MaskResult result = engine.maskText("postgres://app:S3cretPw99@db/app Bearer 8f14e45fceea167a5a36dedd4bea2543",
                Plans.all(MaskingStyle.PARTIAL));

        assertThat(result.text()).doesNotContain("S3cret", "Pw99", "2543", "8f14");
    }

    @Test
    void hashIsStableWithinATenantAndDiffersAcrossTenants() {
        MaskingDirectives hash = new MaskingDirectives(List.of(), List.of(), List.of("secrets"), MaskingStyle.HASH, null);
        MaskingPlan a = MaskingPlan.compile(hash, Plans.TENANT_A);
        MaskingPlan otherPlanSameTenant = MaskingPlan.compile(hash, Plans.TENANT_A.clone());
        MaskingPlan b = MaskingPlan.compile(hash, Plans.TENANT_B);

        String first = engine.maskText("token=" + GITHUB, a).text();
        String again = engine.maskText("later: " + GITHUB, otherPlanSameTenant).text();
        String otherTenant = engine.maskText("token=" + GITHUB, b).text();

        assertThat(first).matches("token=\\[HMAC:github-token:[0-9a-f]{16}]");
        assertThat(again).isEqualTo("later: " + first.substring("token=".length()));
        assertThat(otherTenant).isNotEqualTo(first).doesNotContain(GITHUB);
        assertThat(engine.maskText("token=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", a).text()).isNotEqualTo(first);
    }

    @Test
    void hashNeedsATenantKey() {
        assertThatThrownBy(() -> MaskingPlan.compile(new MaskingDirectives(null, null, List.of("secrets"),
                MaskingStyle.HASH, null), null)).hasMessageContaining("tenant key");
    }

    @Test
    void maskingTwiceChangesNothingInEveryStyle() {
        String input = "AKIAIOSFODNN7EXAMPLE " + GITHUB + " password=Tr0ub4dor&3x jane@example.com " + CARD;
        for (MaskingStyle style : MaskingStyle.values()) {
            MaskingPlan plan = Plans.all(style);
            MaskResult once = engine.maskText(input, plan);
            MaskResult twice = engine.maskText(once.text(), plan);

            assertThat(twice.text()).as(style.name()).isEqualTo(once.text());
            assertThat(twice.changed()).as(style.name()).isFalse();
        }
    }

    @Test
    void unmaskedTextIsReturnedAsTheSameInstance() {
        String clean = "nothing to see here, version 1.2.3, id 42";

        assertThat(engine.maskText(clean, Plans.allRedact()).text()).isSameAs(clean);
    }

    @Test
    void planToStringNeverShowsTheTenantKey() {
        assertThat(Plans.all(MaskingStyle.HASH).toString()).doesNotContain("tenant-a");
    }
}
