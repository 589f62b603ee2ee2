package dev.gatehouse.proxy.masking;

import dev.gatehouse.proxy.masking.detect.Matches;
import dev.gatehouse.proxy.masking.detect.Scanner;
import dev.gatehouse.proxy.masking.detect.SecretNames;
import dev.gatehouse.proxy.masking.detect.SecretValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header masking. Credential headers are masked whole whatever their value looks like (they exist to
 * carry secrets): {@code Authorization} keeps its scheme ({@code Bearer [REDACTED:header]}), cookies keep
 * their names and attributes. Every other header gets the plan's detectors, with its name as context
 * ({@code X-Service-Password: ...} is a secret name).
 */
public final class HeaderMasker {

    /** Lower-case names of headers that carry credentials. */
    public static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-api-key", "api-key", "x-auth-token", "x-access-token", "x-amz-security-token",
            "x-vault-token", "private-token", "job-token", "x-gitlab-token", "x-csrf-token", "x-xsrf-token",
            // vendors' own credential headers: their values need not have a recognisable shape
            "apikey", "x-api-token", "x-goog-api-key", "x-auth-key", "dd-api-key", "dd-application-key",
            "x-shopify-access-token", "ocp-apim-subscription-key", "x-functions-key", "x-consul-token", "x-nomad-token",
            "x-hasura-admin-secret", "x-sentry-auth", "circle-token", "x-jfrog-art-api", "x-figma-token",
            "x-honeycomb-team", "x-postmark-server-token");

    private HeaderMasker() {
    }

    /** A masked copy; names and order kept, the input is not modified. */
    public static Map<String, List<String>> mask(Map<String, List<String>> headers, MaskingPlan plan,
                                                 MaskingCounts counts) {
        Map<String, List<String>> masked = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            List<String> out = new ArrayList<>(values.size());
            for (String value : values) {
                out.add(maskValue(name, value, plan, counts));
            }
            masked.put(name, out);
        });
        return masked;
    }

    /** One header value; returns {@code value} itself when nothing is masked. */
    public static String maskValue(String name, String value, MaskingPlan plan, MaskingCounts counts) {
        if (value == null || value.isEmpty() || !plan.masksAnything()) {
            return value;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (CREDENTIAL_HEADERS.contains(lower)) {
            return credential(lower, value, plan, counts);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Matches matches = new Matches();
        Scanner.scan(bytes, 0, 0, bytes.length, bytes.length, plan.switches(), matches);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        SecretValues.value(bytes, 0, bytes.length, SecretNames.classify(nameBytes, 0, nameBytes.length), plan.switches(),
                matches);
        if (matches.isEmpty()) {
            return value;
        }
        matches.resolve();
        ByteSink out = new ByteSink(bytes.length + 32);
        Replacements.apply(out, bytes, 0, bytes.length, matches, matches.size(), plan, counts);
        return out.toUtf8();
    }

    private static String credential(String lowerName, String value, MaskingPlan plan, MaskingCounts counts) {
        StringBuilder masked = new StringBuilder();
        switch (lowerName) {
            case "authorization", "proxy-authorization" -> {
                int space = value.indexOf(' ');
                String scheme = space > 0 ? value.substring(0, space + 1) : "";
                masked.append(scheme).append(whole(value.substring(scheme.length()), plan, counts));
            }
            case "cookie", "set-cookie" -> cookies(lowerName.equals("cookie"), value, plan, counts, masked);
            default -> masked.append(whole(value, plan, counts));
        }
        return masked.toString();
    }

    /** {@code a=1; b=2} (Cookie) or {@code sid=...; Path=/; HttpOnly} (Set-Cookie: only the first pair is a cookie). */
    private static void cookies(boolean all, String value, MaskingPlan plan, MaskingCounts counts, StringBuilder out) {
        String[] parts = value.split(";", -1);
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k];
            int eq = part.indexOf('=');
            if ((all || k == 0) && eq >= 0) {
                out.append(part, 0, eq + 1).append(whole(part.substring(eq + 1), plan, counts));
            } else {
                out.append(part);
            }
            if (k < parts.length - 1) {
                out.append(';');
            }
        }
    }

    private static String whole(String secret, MaskingPlan plan, MaskingCounts counts) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        ByteSink out = new ByteSink(48);
        Replacements.directive(out, MaskingCounts.HEADER, bytes, 0, bytes.length, plan);
        counts.addHeader();
        return out.toUtf8();
    }
}
