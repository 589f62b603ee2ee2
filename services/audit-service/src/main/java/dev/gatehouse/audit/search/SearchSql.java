package dev.gatehouse.audit.search;

import java.util.Map;
import java.util.Set;

/**
 * SQL for {@link SearchFilters}. Values are always bind parameters; only fixed text and parameter
 * names of our own making are appended.
 */
final class SearchSql {

    /**
     * Claims with an expression index (V4): matched by {@code claims ->> name}, which lets PostgreSQL
     * read them in keyset order. Other claims use containment over the GIN index.
     */
    private static final Set<String> INDEXED_CLAIMS = Set.of("repository");

    private SearchSql() {
    }

    static void filters(StringBuilder sql, Map<String, Object> params, SearchFilters filters) {
        equal(sql, params, "protocol", filters.protocol());
        equal(sql, params, "rule_id", filters.ruleId());
        equal(sql, params, "approval_id", filters.approvalId());
        equal(sql, params, "lease_id", filters.leaseId());
        if (filters.policyVersion() != null) {
            sql.append(" AND policy_version = :policy_version");
            params.put("policy_version", filters.policyVersion());
        }
        int i = 0;
        for (Map.Entry<String, String> claim : filters.claims().entrySet()) {
            String name = "claim" + i++;
            if (INDEXED_CLAIMS.contains(claim.getKey())) {
                sql.append(" AND claims ->> '").append(claim.getKey()).append("' = :").append(name);
                params.put(name, claim.getValue());
            } else {
                // A claim is a string or a list of strings (e.g. groups): match either.
                sql.append(" AND (claims @> jsonb_build_object(:").append(name).append("k, :").append(name)
                        .append("v::text) OR claims @> jsonb_build_object(:").append(name).append("k, jsonb_build_array(:")
                        .append(name).append("v::text)))");
                params.put(name + "k", claim.getKey());
                params.put(name + "v", claim.getValue());
            }
        }
        if (filters.text() != null) {
            sql.append(" AND payload_tsv @@ websearch_to_tsquery('simple', :text)");
            params.put("text", filters.text());
        }
    }

    private static void equal(StringBuilder sql, Map<String, Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(column);
            params.put(column, value);
        }
    }
}
