package dev.gatehouse.audit.search;

import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchFiltersTests {

    @Test
    void noParametersMeansNoFiltersNewestFirst() {
        assertThat(SearchFilters.parse(new LinkedMultiValueMap<>())).isEqualTo(SearchFilters.NONE);
    }

    @Test
    void readsClaimsAndEveryOtherFilter() {
        SearchFilters filters = SearchFilters.parse(params("claim.repository", "acme/app", "claim.run_id", "42",
                "protocol", "POSTGRES", "ruleId", "r1", "approvalId", "a1", "leaseId", "l1", "policyVersion", "3",
                "q", " drop table ", "order", "ASC"));

        assertThat(filters.claims()).isEqualTo(Map.of("repository", "acme/app", "run_id", "42"));
        assertThat(filters.protocol()).isEqualTo("POSTGRES");
        assertThat(filters.policyVersion()).isEqualTo(3L);
        assertThat(filters.text()).isEqualTo("drop table");
        assertThat(filters.ascending()).isTrue();
    }

    @Test
    void claimNamesNeverReachSqlUnchecked() {
        assertThatThrownBy(() -> SearchFilters.parse(params("claim.x' OR '1'='1", "v")))
                .hasMessageContaining("detail='" + "claim.x' OR '1'='1:");
        assertThatThrownBy(() -> SearchFilters.parse(params("claim.a", ""))).hasMessageContaining("detail='" + "claim.a:");
    }

    @Test
    void claimValuesAreBindParameters() {
        StringBuilder sql = new StringBuilder();
        Map<String, Object> bound = new HashMap<>();
        SearchSql.filters(sql, bound, SearchFilters.parse(params("claim.repository", "a'b", "claim.run_id", "1'2")));

        assertThat(sql.toString()).doesNotContain("a'b").doesNotContain("1'2")
                .contains("claims ->> 'repository' = :claim").contains("claims @> jsonb_build_object(");
        assertThat(bound).containsValues("a'b", "1'2", "run_id");
    }

    @Test
    void namesTheBadParameter() {
        assertThatThrownBy(() -> SearchFilters.parse(params("protocol", "FTP"))).hasMessageContaining("detail='" + "protocol:");
        assertThatThrownBy(() -> SearchFilters.parse(params("policyVersion", "-2")))
                .hasMessageContaining("detail='" + "policyVersion:");
        assertThatThrownBy(() -> SearchFilters.parse(params("order", "up"))).hasMessageContaining("detail='" + "order:");
        assertThatThrownBy(() -> SearchFilters.parse(params("q", "x".repeat(201)))).hasMessageContaining("detail='" + "q:");
    }

    private static MultiValueMap<String, String> params(String... pairs) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], List.of(pairs[i + 1]));
        }
        return params;
    }
}
