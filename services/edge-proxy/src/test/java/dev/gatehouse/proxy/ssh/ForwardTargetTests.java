package dev.gatehouse.proxy.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What a forward's destination may be before the gate is asked, and how a rule's glob sees it. */
class ForwardTargetTests {

    @Test
    void aTargetIsHostColonPortWithAnIpv6LiteralInBrackets() {
        assertThat(ForwardTarget.text("db.internal", 5432)).isEqualTo("db.internal:5432");
        assertThat(ForwardTarget.text("::1", 22)).isEqualTo("[::1]:22");
    }

    @Test
    void namesAndAddressesAreUsable() {
        assertThat(ForwardTarget.usable("db.internal", 5432)).isTrue();
        assertThat(ForwardTarget.usable("10.0.0.5", 1)).isTrue();
        assertThat(ForwardTarget.usable("fe80::1", 65535)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "db internal", "db.internal\n", "db.internal:5432 localhost", "*", "db.internal?",
            "db/internal", "db@internal", "db.internal\u0000", "d\u00e9.internal", "[::1]"})
    void aHostAGlobOrTheResolverCouldMisreadIsRefused(String host) {
        assertThat(ForwardTarget.usable(host, 5432)).isFalse();
    }

    @Test
    void aPortOutsideTcpsRangeIsRefused() {
        assertThat(ForwardTarget.usable("db.internal", 0)).isFalse();
        assertThat(ForwardTarget.usable("db.internal", 65536)).isFalse();
        assertThat(ForwardTarget.usable("db.internal", 4_294_967_295L)).isFalse();
        assertThat(ForwardTarget.usable("a".repeat(254), 22)).isFalse();
    }
}
