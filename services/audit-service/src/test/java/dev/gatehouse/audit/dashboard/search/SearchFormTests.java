package dev.gatehouse.audit.dashboard.search;

import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchFormTests {

    @Test
    void translatesPageFiltersIntoSearchApiParameters() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("repository", " acme/app ");
        params.add("workflow", "deploy");
        params.add("run", "42");
        params.add("session", "s-1");
        params.add("from", "2026-01-31T12:00");
        params.add("to", "2026-02-01T00:00:00Z");
        params.add("verdict", "");
        params.add("unknown", "x");

        MultiValueMap<String, String> api = SearchForm.of(params).apiParameters();

        assertThat(api.toSingleValueMap()).containsOnly(
                java.util.Map.entry("claim.repository", "acme/app"), java.util.Map.entry("claim.workflow", "deploy"),
                java.util.Map.entry("claim.run_id", "42"), java.util.Map.entry("sessionId", "s-1"),
                java.util.Map.entry("from", "2026-01-31T12:00:00Z"), java.util.Map.entry("to", "2026-02-01T00:00:00Z"),
                java.util.Map.entry("limit", "50"));
    }

    @Test
    void anUnreadableDateNamesItsField() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("to", "yesterday");

        assertThatThrownBy(() -> SearchForm.of(params).apiParameters())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to:");
    }

    @Test
    void linksKeepEveryFilterEncodedAndReplaceTheCursor() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("repository", "acme/app");
        params.add("q", "\"drop table\" & more");
        params.add("cursor", "old");

        SearchForm form = SearchForm.of(params);

        assertThat(form.link(null)).isEqualTo("/dashboard/search?q=%22drop+table%22+%26+more&repository=acme%2Fapp");
        assertThat(form.link("next+1")).endsWith("&cursor=next%2B1");
        assertThat(SearchForm.of(new LinkedMultiValueMap<>()).link(null)).isEqualTo("/dashboard/search");
    }
}
