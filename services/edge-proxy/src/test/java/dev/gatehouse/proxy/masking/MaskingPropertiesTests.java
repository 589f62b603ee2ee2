package dev.gatehouse.proxy.masking;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingPropertiesTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaultsAreSafe() {
        context.run(ctx -> {
            MaskingProperties properties = ctx.getBean(MaskingProperties.class);
            assertThat(properties.maxBodyBytes().toMegabytes()).isEqualTo(16);
            assertThat(properties.auditStyle()).isEqualTo(dev.gatehouse.model.MaskingDirectives.MaskingStyle.HASH);
            assertThat(properties.auditDetectors()).containsExactly("all");
            assertThat(properties.tenantKey()).isNull();
        });
    }

    @Test
    void aShortTenantKeyFailsStartUpWithAClearMessageThatDoesNotShowTheKey() {
        context.withPropertyValues("gatehouse.proxy.masking.tenant-key=too-short-key").run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable root = rootCause(ctx.getStartupFailure());
            assertThat(root).hasMessageContaining("gatehouse.proxy.masking.tenant-key must be at least 32 characters")
                    .hasMessageNotContaining("too-short-key");
        });
    }

    @Test
    void anUnknownAuditDetectorFailsStartUp() {
        context.withPropertyValues("gatehouse.proxy.masking.audit-detectors=all,phne").run(ctx ->
                assertThat(rootCause(ctx.getStartupFailure())).hasMessageContaining("'phne'"));
    }

    @Test
    void theTenantKeyNeverAppearsInToString() {
        context.withPropertyValues("gatehouse.proxy.masking.tenant-key=a-long-enough-tenant-key-for-hmac-0001",
                "gatehouse.proxy.masking.max-body-bytes=1MB").run(ctx -> {
            MaskingProperties properties = ctx.getBean(MaskingProperties.class);
            assertThat(properties.maxBodyBytes().toBytes()).isEqualTo(1024 * 1024);
            assertThat(properties.toString()).doesNotContain("a-long-enough");
        });
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MaskingProperties.class)
    static class Config {
    }
}
