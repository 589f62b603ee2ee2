package dev.gatehouse.proxy.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamAddressTests {

    @Test
    void readsPolicyServicesPostgresUrl() {
        assertThat(UpstreamAddress.parse("postgresql://db.internal:6543/orders", "c"))
                .isEqualTo(new UpstreamAddress("db.internal", 6543, "orders"));
        assertThat(UpstreamAddress.parse("postgresql://[::1]/orders", "c")).isEqualTo(new UpstreamAddress("::1", 5432, "orders"));
    }

    @Test
    void acceptsHostPortAndDefaultsTheDatabaseToTheConnectionName() {
        assertThat(UpstreamAddress.parse("db:5433", "analytics")).isEqualTo(new UpstreamAddress("db", 5433, "analytics"));
        assertThat(UpstreamAddress.parse("db", "analytics")).isEqualTo(new UpstreamAddress("db", 5432, "analytics"));
    }

    @Test
    void refusesCredentialsAndNonsense() {
        assertThatThrownBy(() -> UpstreamAddress.parse("postgresql://u:p@db/x", "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("u:p");
        assertThatThrownBy(() -> UpstreamAddress.parse("postgresql://db:99999/x", "c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpstreamAddress.parse(" ", "c")).isInstanceOf(IllegalArgumentException.class);
    }
}
