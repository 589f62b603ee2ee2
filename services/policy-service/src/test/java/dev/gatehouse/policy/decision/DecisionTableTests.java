package dev.gatehouse.policy.decision;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.GitRefUpdate;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision table: every case of {@code decision/cases.yaml} against {@code decision/policy.yaml},
 * GitHub Actions and GitLab CI identities over SQL, HTTP, Kubernetes and Git operations.
 */
class DecisionTableTests {

    private static final PolicyEvaluator EVALUATOR = TestPolicies.evaluator("decision/policy.yaml");

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsTheTableSays(String name, DecisionRequest request, Verdict verdict, String ruleId) {
        Decision decision = EVALUATOR.decide(request);

        assertThat(decision.verdict()).as("verdict (%s)", decision.reason()).isEqualTo(verdict);
        assertThat(decision.ruleId()).as("deciding rule (%s)", decision.reason()).isEqualTo(ruleId);
        assertThat(decision.policyVersion()).isEqualTo(TestPolicies.VERSION);
        assertThat(decision.target() == null).as("target only when the request may proceed")
                .isEqualTo(verdict == Verdict.DENY);
    }

    static Stream<Arguments> cases() throws IOException {
        Map<String, Object> table = read("decision/cases.yaml");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> identities = (Map<String, Map<String, Object>>) table.get("identities");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) table.get("cases");
        return cases.stream().map(row -> Arguments.of(row.get("name"),
                new DecisionRequest(identity(identities.get((String) row.get("who"))), operation(row)),
                Verdict.valueOf(((String) row.get("expect")).toUpperCase(Locale.ROOT)), row.get("rule")));
    }

    @SuppressWarnings("unchecked")
    private static CallerIdentity identity(Map<String, Object> identity) {
        return new CallerIdentity((String) identity.get("issuer"), (String) identity.get("subject"),
                (Map<String, Object>) identity.get("claims"));
    }

    @SuppressWarnings("unchecked")
    private static Operation operation(Map<String, Object> row) {
        String connection = (String) row.get("on");
        if (row.containsKey("sql")) {
            return Operation.sql(connection, (String) row.get("sql"));
        }
        Map<String, Object> http = (Map<String, Object>) row.get("http");
        Operation operation = Operation.http(connection, (String) http.get("method"), (String) http.get("path"),
                (String) http.get("query"));
        if (http.containsKey("headers")) {
            operation = operation.withHeaders((Map<String, String>) http.get("headers"));
        }
        if (row.containsKey("push")) {
            operation = operation.withRefUpdates(refUpdates((List<String>) row.get("push")));
        }
        return operation;
    }

    static List<GitRefUpdate> refUpdates(List<String> commands) {
        String zero = "0".repeat(40);
        String some = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
        String other = "ffeeddccbbaa99887766554433221100ffeeddcc";
        List<GitRefUpdate> updates = new ArrayList<>();
        for (String command : commands) {
            String[] parts = command.split(" ");
            updates.add(switch (parts[0]) {
                case "create" -> new GitRefUpdate(parts[1], zero, some);
                case "delete" -> new GitRefUpdate(parts[1], some, zero);
                default -> new GitRefUpdate(parts[1], some, other);
            });
        }
        return updates;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String resource) throws IOException {
        try (InputStream in = DecisionTableTests.class.getClassLoader().getResourceAsStream(resource)) {
            return YAMLMapper.builder().build().readValue(in, Map.class);
        }
    }
}
