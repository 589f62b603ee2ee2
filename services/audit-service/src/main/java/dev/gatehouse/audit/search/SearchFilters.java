package dev.gatehouse.audit.search;

import dev.gatehouse.model.Protocol;
import org.springframework.util.MultiValueMap;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The filters added to {@link EventQuery} for issue 8: any stored CI claim ({@code claim.<name>=value}),
 * protocol, rule, approval, lease, policy version, full text over masked payloads and the sort order.
 */
record SearchFilters(Map<String, String> claims, String protocol, String ruleId, String approvalId, String leaseId,
                     Long policyVersion, String text, boolean ascending) {

    static final SearchFilters NONE = new SearchFilters(Map.of(), null, null, null, null, null, null, false);
    static final String CLAIM_PREFIX = "claim.";
    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9_:.\\-]{1,64}");
    private static final int MAX_CLAIMS = 10;
    private static final int MAX_TEXT = 200;

    static SearchFilters parse(MultiValueMap<String, String> params) {
        Map<String, String> claims = new TreeMap<>();
        for (Map.Entry<String, List<String>> entry : params.entrySet()) {
            if (!entry.getKey().startsWith(CLAIM_PREFIX)) {
                continue;
            }
            String name = entry.getKey().substring(CLAIM_PREFIX.length());
            if (!CLAIM_NAME.matcher(name).matches()) {
                throw new InvalidParameter(entry.getKey(), "claim names are 1-64 letters, digits or _ : . -");
            }
            if (entry.getValue().size() != 1 || isBlank(entry.getValue().getFirst())) {
                throw new InvalidParameter(entry.getKey(), "must be given once, with a non-empty value");
            }
            claims.put(name, entry.getValue().getFirst().strip());
        }
        if (claims.size() > MAX_CLAIMS) {
            throw new InvalidParameter("claim", "at most " + MAX_CLAIMS + " claim filters");
        }
        String text = blankToNull(params.getFirst("q"));
        if (text != null && text.length() > MAX_TEXT) {
            throw new InvalidParameter("q", "must be at most " + MAX_TEXT + " characters");
        }
        return new SearchFilters(Map.copyOf(claims), protocol(params.getFirst("protocol")),
                blankToNull(params.getFirst("ruleId")), blankToNull(params.getFirst("approvalId")),
                blankToNull(params.getFirst("leaseId")), policyVersion(params.getFirst("policyVersion")), text,
                ascending(params.getFirst("order")));
    }

    private static String protocol(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return Protocol.valueOf(value.strip()).name();
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("protocol", "must be one of " + Arrays.toString(Protocol.values()));
        }
    }

    private static Long policyVersion(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            long version = Long.parseLong(value.strip());
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // same answer as a negative number
        }
        throw new InvalidParameter("policyVersion", "must be a non-negative integer");
    }

    private static boolean ascending(String value) {
        if (isBlank(value) || value.strip().equalsIgnoreCase("desc")) {
            return false;
        }
        if (value.strip().equalsIgnoreCase("asc")) {
            return true;
        }
        throw new InvalidParameter("order", "must be asc or desc");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value.strip();
    }
}
