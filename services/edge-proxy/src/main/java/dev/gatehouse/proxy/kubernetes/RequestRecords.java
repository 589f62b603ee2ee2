package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.proxy.masking.BodyKind;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the REQUEST event records of a request's body (the object of {@code kubectl apply}, a patch): JSON
 * and text up to {@link #LIMIT} bytes, marked when cut. A body addressing secrets is masked by field first
 * ({@link SecretReads#FIELDS}: {@code data}, {@code stringData}, annotations), since its base64 values
 * escape every detector; a body about secrets that is not JSON (an apply patch in YAML, protobuf) is
 * recorded by size only, and a binary body by type and size. The event's masking then runs every detector
 * over what is left (AuditEvents). Costs one JSON pass over bodies to secrets; nothing on bodiless requests.
 */
@Component
public class RequestRecords {

    static final int LIMIT = 64 * 1024;
    private static final MaskingDirectives SECRET_FIELDS = SecretReads.directives(
            new MaskingDirectives(java.util.List.of(), java.util.List.of(), java.util.List.of("secrets"), null, null),
            "/secrets");

    private final Masking masking;

    RequestRecords(Masking masking) {
        this.masking = masking;
    }

    /** The record of {@code body}, or {@code null} when there is none. */
    public String payload(String rawPath, byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            return null;
        }
        BodyKind kind = BodyKind.of(contentType);
        boolean secrets = SecretReads.addressesSecrets(rawPath);
        if (kind == BodyKind.BINARY || (secrets && kind != BodyKind.JSON)) {
            return "[" + body.length + " bytes of " + (contentType == null ? "unknown type" : contentType)
                    + (secrets ? " to secrets, not recorded]" : ", not recorded]");
        }
        byte[] recorded = body;
        if (secrets) {
            MaskingPlan plan = masking.plan(SECRET_FIELDS);
            recorded = masking.engine().maskJson(body, plan, new MaskingCounts());
        }
        String text = new String(recorded.length > LIMIT ? Arrays.copyOf(recorded, LIMIT) : recorded,
                StandardCharsets.UTF_8);
        return recorded.length > LIMIT ? text + " …[" + (recorded.length - LIMIT) + " more bytes not recorded]" : text;
    }
}
