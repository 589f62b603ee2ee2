package dev.gatehouse.vault.secret;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretRulesTests {

    @Test
    void buildsTheSettingsOfADynamicSecretWithDefaults() {
        SecretSettings settings = SecretRules.settings(dynamic("db.internal", List.of("readonly", "readonly"), 3,
                "15m", "PT1H"));

        assertThat(settings.host()).isEqualTo("db.internal");
        assertThat(settings.port()).isEqualTo(5432);
        assertThat(settings.sslMode()).isEqualTo("prefer");
        assertThat(settings.grantedRoles()).containsExactly("readonly");
        assertThat(settings.defaultTtl()).isEqualTo("PT15M");
        assertThat(settings.maxTtl()).isEqualTo("PT1H");
    }

    @Test
    void namesTheFieldOfEveryRefusal() {
        assertField(dynamic(null, List.of(), null, null, null), "host");
        assertField(dynamic("db; DROP", List.of(), null, null, null), "host");
        assertField(dynamic("db", List.of("read\"only"), null, null, null), "grantedRoles");
        assertField(dynamic("db", List.of(), 0, null, null), "connectionLimit");
        assertField(dynamic("db", List.of(), null, "soon", null), "defaultTtl");
        assertField(dynamic("db", List.of(), null, "2h", "1h"), "defaultTtl");
        assertField(dynamic("db", List.of(), null, null, "30d"), "maxTtl");
        assertField(request("HEADER", null, "fake", "Host", null), "header");
        assertField(request("HEADER", null, "fake", "Gatehouse-Audit-Id", null), "header");
        assertField(request("HEADER", null, "fake", null, null), "header");
        assertField(request("BEARER", null, "fake\r\nX-Evil: 1", null, null), "secret");
        assertField(request("BEARER", "someone", "fake", null, null), "username");
        assertField(request("BEARER", null, "fake", null, "db.internal"), "host");
        assertField(request("BASIC", "user:name", "fake", null, null), "username");
        assertField(request("POSTGRES_PASSWORD", null, "fake", null, null), "username");
    }

    @Test
    void theObjectOwnerIsARoleNameOtherThanTheAdmin() {
        assertThat(SecretRules.settings(owned("gatehouse_orphans")).objectOwner()).isEqualTo("gatehouse_orphans");
        assertThat(SecretRules.settings(dynamic("db", List.of(), null, null, null)).objectOwner()).isNull();
        assertField(owned("x; DROP ROLE postgres"), "objectOwner");
        assertField(owned("VAULT_ADMIN"), "objectOwner");
        assertField(new PutSecretRequest("BEARER", null, "fake", null, null, null, null, null, null, null, null, null,
                "owner"), "objectOwner");
    }

    @Test
    void refusalsNeverRepeatTheSecret() {
        assertThatThrownBy(() -> SecretRules.settings(request("BEARER", null, "fake-secret-\n-value", null, null)))
                .message().doesNotContain("fake-secret");
    }

    @Test
    void acceptsAHeaderSecret() {
        assertThat(SecretRules.settings(request("HEADER", null, "fake", "X-Api-Key", null)).header())
                .isEqualTo("X-Api-Key");
    }

    @Test
    void aMysqlDynamicSecretNamesOneTemplateRoleAndVerifiesTlsByDefault() {
        SecretSettings settings = SecretRules.settings(mysql(List.of("app_read"), null));

        assertThat(settings.port()).isEqualTo(3306);
        assertThat(settings.sslMode()).isEqualTo("verify-full");
        assertThat(settings.grantedRoles()).containsExactly("app_read");
        assertThat(settings.objectOwner()).isNull();
        assertField(mysql(List.of(), null), "grantedRoles");
        assertField(mysql(List.of("a", "b"), null), "grantedRoles");
        assertField(mysql(List.of("r`; DROP DATABASE d; --"), null), "grantedRoles");
        assertField(mysql(List.of("r' OR '1'='1"), null), "grantedRoles");
        assertField(mysql(List.of("NONE"), null), "grantedRoles");
        assertField(mysql(List.of("app_read"), "owner"), "objectOwner");
    }

    private static void assertField(PutSecretRequest request, String field) {
        assertThatThrownBy(() -> SecretRules.settings(request)).isInstanceOf(IllegalArgumentException.class)
                .message().startsWith(field + ":");
    }

    private static PutSecretRequest request(String type, String username, String secret, String header, String host) {
        return new PutSecretRequest(type, username, secret, header, host, null, null, null, null, null, null, null, null);
    }

    private static PutSecretRequest owned(String owner) {
        return new PutSecretRequest("POSTGRES_DYNAMIC", "vault_admin", "fake-admin", null, "db", null, "orders", null,
                null, null, null, null, owner);
    }

    private static PutSecretRequest mysql(List<String> roles, String owner) {
        return new PutSecretRequest("MYSQL_DYNAMIC", "vault_admin", "fake-admin", null, "db", null, "orders", null,
                roles, null, null, null, owner);
    }

    private static PutSecretRequest dynamic(String host, List<String> roles, Integer limit, String ttl, String maxTtl) {
        return new PutSecretRequest("POSTGRES_DYNAMIC", "vault_admin", "fake-admin", null, host, null, "orders", null,
                roles, limit, ttl, maxTtl, null);
    }
}
