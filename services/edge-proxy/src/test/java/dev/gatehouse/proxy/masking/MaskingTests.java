package dev.gatehouse.proxy.masking;

import dev.gatehouse.proxy.masking.detect.Detector;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.MaskingDirectives.MaskingStyle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade the proxy calls: plans from decisions or from configuration, the tenant key, the audit plan. */
class MaskingTests {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String GITHUB = "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";

    @Test
    void plansAreCompiledOncePerDistinctDirectives() {
        Masking masking = masking(KEY);
        MaskingDirectives directives = new MaskingDirectives(List.of("$.a"), null, List.of("pii"), null, null);

        assertThat(masking.plan(directives)).isSameAs(masking.plan(new MaskingDirectives(List.of("$.a"), null,
                List.of("pii"), null, null)));
        assertThat(masking.plan(MaskingDirectives.DEFAULT).detectors()).contains(Detector.GITHUB_TOKEN)
                .doesNotContain(Detector.EMAIL);
        assertThatThrownBy(() -> masking.plan(new MaskingDirectives(null, null, List.of("nope"), null, null)))
                .hasMessageContaining("'nope'");
    }

    @Test
    void aFloodOfDistinctDirectivesKeepsThePlanInUseCompiled() {
        // Given a cache of 16 plans and a rule in constant use
        Masking masking = new Masking(new MaskingProperties(null, KEY, null, null, 16, null),
                new MaskingMetrics(new SimpleMeterRegistry()));
        MaskingDirectives inUse = new MaskingDirectives(List.of("$.a"), null, List.of("pii"), null, null);
        Set<MaskingPlan> compiled = Collections.newSetFromMap(new IdentityHashMap<>());

        // When a thousand distinct directives arrive, one between each of its uses
        for (int i = 0; i < 1_000; i++) {
            masking.plan(new MaskingDirectives(List.of("$.flood" + i), null, List.of("pii"), null, null));
            compiled.add(masking.plan(inUse));
        }

        // Then it is (nearly) never compiled again. Emptying the whole cache when full compiled it again
        // after every 15 others (67 times); the frequency sketch is probabilistic, hence the margin.
        assertThat(compiled).hasSizeLessThan(10);
    }

    @Test
    void theConfiguredTenantKeyMakesHashTokensStableAcrossProxies() {
        MaskingDirectives hash = new MaskingDirectives(null, null, List.of("secrets"), MaskingStyle.HASH, null);
        String one = masking(KEY).engine().maskText(GITHUB, masking(KEY).plan(hash)).text();
        String replica = masking(KEY).engine().maskText(GITHUB, masking(KEY).plan(hash)).text();
        String otherTenant = masking(KEY.replace('0', 'x')).engine().maskText(GITHUB,
                masking(KEY.replace('0', 'x')).plan(hash)).text();

        assertThat(one).isEqualTo(replica).startsWith("[HMAC:github-token:");
        assertThat(otherTenant).isNotEqualTo(one);
    }

    @Test
    void directivesCanComeFromConfiguration() {
        new ApplicationContextRunner().withUserConfiguration(Config.class)
                .withPropertyValues("gatehouse.proxy.masking.defaults.detectors=pii,phone",
                        "gatehouse.proxy.masking.defaults.columns=*secret*",
                        "gatehouse.proxy.masking.defaults.style=PARTIAL")
                .run(ctx -> {
                    MaskingPlan plan = ctx.getBean(Masking.class).plan(null);
                    assertThat(plan.detectors()).contains(Detector.PHONE, Detector.EMAIL).doesNotContain(Detector.JWT);
                    assertThat(plan.style()).isEqualTo(MaskingStyle.PARTIAL);
                    assertThat(plan.columnMatches("client_SECRET_hash")).isTrue();
                });
    }

    @Test
    void badConfiguredDefaultsFailStartUp() {
        new ApplicationContextRunner().withUserConfiguration(Config.class)
                .withPropertyValues("gatehouse.proxy.masking.defaults.detectors=secretz")
                .run(ctx -> assertThat(ctx).hasFailed());
    }

    private static Masking masking(String key) {
        return new Masking(new MaskingProperties(null, key, null, null, null, null),
                new MaskingMetrics(new SimpleMeterRegistry()));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MaskingProperties.class)
    @Import({Masking.class, MaskingMetrics.class, SimpleMeterRegistry.class})
    static class Config {
    }
}
