package dev.gatehouse.policy.rule;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The rule table round trip against real PostgreSQL: text[] methods, jsonb claims, Flyway schema. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(classes = RuleRepositoryIT.Slice.class)
class RuleRepositoryIT {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(JacksonAutoConfiguration.class)
    @Import(RuleRepository.class)
    static class Slice {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("policy_rule_repository_it");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("spring.flyway.locations", () -> "classpath:db/migration/policy-service");
    }

    @Autowired
    RuleRepository rules;

    @Test
    void storesAndReadsBackAFullRule() {
        Rule rule = new Rule("reads-main", "reads from main", "echo-*", List.of("GET", "HEAD"), "/api/**",
                Map.of("repository", "acme/*", "ref", "refs/heads/main"), Verdict.ALLOW, AuditMode.ASYNC, 5, null, null);

        Rule stored = rules.insert(rule);

        assertThat(stored.createdAt()).isNotNull();
        assertThat(rules.find("reads-main")).get().usingRecursiveComparison()
                .ignoringFields("createdAt", "updatedAt").isEqualTo(rule);
        assertThat(rules.findAll()).extracting(Rule::id).contains("reads-main");
    }

    @Test
    void updatesReplaceTheWholeRuleAndDeleteRemovesIt() {
        rules.insert(new Rule("temp", null, "*", List.of(), "/**", Map.of(), Verdict.DENY, AuditMode.WRITE_AHEAD,
                100, null, null));

        Rule updated = rules.update(new Rule("temp", "now review", "echo", List.of("POST"), "/x", Map.of("sub", "*"),
                Verdict.REVIEW, AuditMode.WRITE_AHEAD, 7, null, null)).orElseThrow();

        assertThat(updated.methods()).containsExactly("POST");
        assertThat(updated.claims()).containsExactly(Map.entry("sub", "*"));
        assertThat(updated.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(rules.delete("temp")).isTrue();
        assertThat(rules.delete("temp")).isFalse();
        assertThat(rules.find("temp")).isEmpty();
    }

    @Test
    void duplicateIdsAreRefusedByTheDatabase() {
        Rule rule = new Rule("dup", null, "*", List.of(), "/**", Map.of(), Verdict.ALLOW, AuditMode.WRITE_AHEAD,
                100, null, null);
        rules.insert(rule);

        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> rules.insert(rule));
    }

    @Test
    void theSchemaRefusesIdsOutsideTheSlugPattern() {
        Rule rule = new Rule("Bad_Id", null, "*", List.of(), "/**", Map.of(), Verdict.ALLOW, AuditMode.WRITE_AHEAD,
                100, null, null);

        assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> rules.insert(rule));
    }
}
