package dev.gatehouse.proxy.masking;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.MaskingDirectives.MaskingStyle;
import dev.gatehouse.model.MaskingDirectives.OversizeAction;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Plans for tests; the tenant keys are test values, not secrets. */
public final class Plans {

    public static final byte[] TENANT_A = "tenant-a-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    public static final byte[] TENANT_B = "tenant-b-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private Plans() {
    }

    public static MaskingPlan all(MaskingStyle style) {
        return MaskingPlan.compile(new MaskingDirectives(List.of(), List.of(), List.of("all"), style, null), TENANT_A);
    }

    public static MaskingPlan allRedact() {
        return all(MaskingStyle.REDACT);
    }

    public static MaskingPlan fields(String... paths) {
        return MaskingPlan.compile(new MaskingDirectives(List.of(paths), List.of(), List.of("all"), MaskingStyle.REDACT,
                null), TENANT_A);
    }

    public static MaskingPlan columns(String... globs) {
        return MaskingPlan.compile(new MaskingDirectives(List.of(), List.of(globs), List.of("all"), MaskingStyle.REDACT,
                null), TENANT_A);
    }

    public static MaskingPlan oversize(OversizeAction action) {
        return MaskingPlan.compile(new MaskingDirectives(List.of(), List.of(), List.of("all"), MaskingStyle.REDACT,
                action), TENANT_A);
    }

    public static MaskingPlan nothing() {
        return MaskingPlan.compile(new MaskingDirectives(List.of(), List.of(), List.of(), MaskingStyle.REDACT, null), TENANT_A);
    }
}
