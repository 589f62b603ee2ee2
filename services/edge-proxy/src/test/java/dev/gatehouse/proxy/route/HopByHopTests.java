package dev.gatehouse.proxy.route;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopTests {

    @Test
    void everyNominatedHeaderAndConnectionItselfAreRemoved() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Connection", "close, Authorization");
        headers.add("Connection", " X-Dry-Run ,keep-alive");
        headers.add("Authorization", "Bearer caller");
        headers.add("x-dry-run", "true");
        headers.add("Keep-Alive", "timeout=5");
        headers.add("TE", "trailers");
        headers.add("Accept", "*/*");

        HopByHop.strip(headers);

        assertThat(headers.headerNames()).containsExactly("Accept");
    }

    @Test
    void aWebSocketKeepsItsUpgradeNominationAndNothingElse() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Connection", "Upgrade, Gatehouse-Audit-Id");
        headers.add("Upgrade", "websocket");
        headers.add("Gatehouse-Audit-Id", "forged");

        HopByHop.strip(headers);

        assertThat(headers.getFirst("Connection")).isEqualTo("Upgrade");
        assertThat(headers.getFirst("Upgrade")).isEqualTo("websocket");
        assertThat(headers.containsHeader("Gatehouse-Audit-Id")).isFalse();
    }

    @Test
    void anUpgradeNominationWithoutAnUpgradeHeaderLeavesNoConnectionHeader() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Connection", "upgrade");

        HopByHop.strip(headers);

        assertThat(headers.containsHeader("Connection")).isFalse();
    }
}
