package dev.gatehouse.vault.postgres;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RoleNamesTests {

    @Test
    void roleNamesAreLowerCaseSlugsWellUnderPostgresLimit() {
        String name = RoleNames.next("Orders.DB-eu_West-1-with-a-very-long-name-indeed-" + "x".repeat(100));

        assertThat(name).matches("gh_[a-z0-9_]+_[a-z0-9]{10}");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(40);
        assertThat(name).startsWith("gh_orders_db_eu_west_1_with");
    }

    @Test
    void roleNamesAndPasswordsDoNotRepeat() {
        Set<String> names = new HashSet<>();
        Set<String> passwords = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(RoleNames.next("orders"));
            passwords.add(RoleNames.password());
        }

        assertThat(names).hasSize(1000);
        assertThat(passwords).hasSize(1000).allMatch(p -> p.matches("[A-Za-z0-9]{32}"));
    }

    @Test
    void aConnectionWithoutLettersStillGetsAName() {
        assertThat(RoleNames.next("---")).matches("gh_conn_[a-z0-9]{10}");
    }
}
