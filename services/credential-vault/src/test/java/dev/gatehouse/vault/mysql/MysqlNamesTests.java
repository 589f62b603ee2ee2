package dev.gatehouse.vault.mysql;

import dev.gatehouse.vault.postgres.RoleNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MysqlNamesTests {

    @ParameterizedTest
    @ValueSource(strings = {"gh_x'@'%' IDENTIFIED BY 'a", "gh_x\\", "r`; DROP DATABASE d; --", "a b", "", "x\u0000y",
            "gh_\u00e9", "1starts_with_digit"})
    void aNameThatIsNotAPlainIdentifierIsRefusedNotQuoted(String hostile) {
        assertThatThrownBy(() -> MysqlNames.account(hostile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(hostile.isEmpty() ? "\u0001" : hostile);
        assertThatThrownBy(() -> MysqlNames.role(hostile)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plainNamesAreQuotedAsAccountAndIdentifier() {
        assertThat(MysqlNames.account("gh_orders_abc123")).isEqualTo("'gh_orders_abc123'@'%'");
        assertThat(MysqlNames.role("app_read")).isEqualTo("`app_read`");
    }

    @Test
    void theNativeHashIsMariaDbsDoubleSha1() {
        // SELECT PASSWORD('password') on MariaDB
        assertThat(MysqlNames.nativeHash("password")).isEqualTo("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
    }

    @Test
    void mintedUserNamesFitMysql8sThirtyTwoCharactersAndArePlain() {
        String name = RoleNames.nextUser("Orders.DB-eu_West-1-" + "x".repeat(120) + "'; DROP USER root; --");

        assertThat(name).hasSizeLessThanOrEqualTo(30).matches("gh_[a-z0-9_]+_[a-z0-9]{10}");
        assertThat(MysqlNames.account(name)).isEqualTo("'" + name + "'@'%'");
    }
}
