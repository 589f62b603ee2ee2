package dev.gatehouse.policy.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.gatehouse.policy.document.PolicyYaml.PARSER;
import static dev.gatehouse.policy.document.PolicyYaml.errors;
import static dev.gatehouse.policy.document.PolicyYaml.has;
import static dev.gatehouse.policy.document.PolicyYaml.single;
import static dev.gatehouse.policy.document.PolicyYaml.withRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Each semantic rule of the format, with the line and field its error names. Rules start on line 7. */
class PolicyValidationTests {

    @Test
    void badCelNamesTheConditionAndWhereInTheExpression() {
        PolicyError error = single(withRules("""
                - id: ok
                  action: deny
                - id: bad
                  subject:
                    condition: 'claim.repository == "acme/app"'
                  action: allow"""), 11, "rules[1].subject.condition");

        assertThat(error.message()).matches("at 1:\\d+: .*undeclared reference to 'claim'.*");
        assertThat(error.describe()).startsWith("line 11, rules[1].subject.condition: at 1:");
    }

    @Test
    void aConditionMustBeBoolean() {
        assertThat(single(withRules("- {id: r, subject: {condition: 'claims.size()'}, action: allow}"), 7,
                "rules[0].subject.condition").message()).contains("bool");
    }

    @Test
    void unknownFieldsAreNamedWithTheFieldsAllowedThere() {
        List<PolicyError> errors = errors(withRules("""
                - id: r
                  actoin: allow
                  subject: {repo: {name: x}}"""));

        assertThat(has(errors, 8, "rules[0].actoin").message())
                .startsWith("unknown field 'actoin'; expected one of ").contains("action", "subject");
        assertThat(has(errors, 9, "rules[0].subject.repo").message()).contains("claims", "condition");
        assertThat(has(errors, 7, "rules[0].action").message()).startsWith("required");
        assertThat(errors).hasSize(3);
    }

    @Test
    void unknownTopLevelField() {
        single("apiVersion: gatehouse.dev/v1\nkind: Policy\n", 2, "kind");
    }

    @Test
    void apiVersionIsRequiredAndFixed() {
        assertThat(single("rules: []\n", 1, "apiVersion").message()).contains("required");
        assertThat(single("apiVersion: gatehouse.dev/v2\n", 1, "apiVersion").message()).isEqualTo("must be gatehouse.dev/v1");
    }

    @Test
    void unparsedSqlIsNeverAllowed() {
        single("apiVersion: gatehouse.dev/v1\nonUnparsed: allow\n", 2, "onUnparsed");
    }

    @Test
    void duplicateRuleIdsNameTheSecond() {
        assertThat(single(withRules("- {id: same, action: allow}\n- {id: same, action: deny}"), 8, "rules[1].id")
                .message()).contains("duplicate rule id 'same'", "rules[0]");
    }

    @Test
    void duplicateConnectionNames() {
        single("""
                apiVersion: gatehouse.dev/v1
                connections:
                  - {name: db, type: postgres, upstream: "postgresql://a/b"}
                  - {name: db, type: postgres, upstream: "postgresql://c/d"}
                """, 4, "connections[1].name");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "Orders_DB | http | http://a             | connections[0].name     | must match",
            "-db       | http | http://a             | connections[0].name     | must match",
            "db        | ftp  | http://a             | connections[0].type     | must be one of http, postgres",
            "db        | http | ftp://a              | connections[0].upstream | http:// or https://",
            "db        | http | http://user:pw@a     | connections[0].upstream | user info",
            "db        | http | http://a/?x=1        | connections[0].upstream | query",
            "db        | http | /relative            | connections[0].upstream | http:// or https://",
            "db        | git  | https://             | connections[0].upstream | valid URL",
            "db        | postgres | http://a/b       | connections[0].upstream | postgresql://host",
            "db        | postgres | postgresql://u:p@a/b | connections[0].upstream | postgresql://host",
            "db        | postgres | postgresql://a:99999/b | connections[0].upstream | port",
            "db        | postgres | postgresql://a/b?sslmode=off | connections[0].upstream | postgresql://host",
            "db        | ssh  | ssh://a:22           | connections[0].upstream | ?hostKey=SHA256:",
            "db        | ssh  | ssh://u@a?hostKey=SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/abcde | connections[0].upstream | ssh://host",
            "db        | ssh  | ssh://a:99999?hostKey=SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/abcde | connections[0].upstream | port",
            "db        | ssh  | ssh://a?hostKey=MD5:aa:bb | connections[0].upstream | ?hostKey=SHA256:",
            "db        | mysql | postgresql://a/b    | connections[0].upstream | mysql://host",
            "db        | mysql | mysql://u:p@a/b     | connections[0].upstream | mysql://host",
            "db        | mysql | mysql://a:99999/b   | connections[0].upstream | port",
            "db        | mcp  | stdio:relative/server | connections[0].upstream | stdio:/absolute/path",
            "db        | mcp  | stdio:/opt/../bin/sh  | connections[0].upstream | stdio:/absolute/path",
            "db        | mcp  | stdio:/opt/my server  | connections[0].upstream | stdio:/absolute/path",
            "db        | http | stdio:/usr/bin/server | connections[0].upstream | http:// or https://",
    })
    void connectionRules(String name, String type, String upstream, String field, String message) {
        String yaml = "apiVersion: gatehouse.dev/v1\nconnections:\n  - name: \"" + name + "\"\n    type: " + type
                + "\n    upstream: \"" + upstream + "\"\n";
        int line = field.endsWith("name") ? 3 : field.endsWith("type") ? 4 : 5;
        assertThat(single(yaml, line, field).message()).contains(message);
    }

    @Test
    void aPlainConnectionNameMustBeDeclaredButAGlobNeedNotMatch() {
        assertThat(single(withRules("- {id: r, connections: [orders-db, ordres-db, \"repo-*\"], action: allow}"), 7,
                "rules[0].connections[1]").message()).isEqualTo(
                "unknown connection 'ordres-db'; declared: demo-http, orders-db");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{sql: {kinds: [select, selct]}}                 | rules[0].match.sql.kinds[1]            | unknown SQL kind 'selct'",
            "{sql: {tables: ['']}}                           | rules[0].match.sql.tables[0]           | must not be empty",
            "{kubernetes: {verbs: [get, exec]}}              | rules[0].match.kubernetes.verbs[1]     | unknown verb 'exec'",
            "{kubernetes: {namespaces: ['']}}                | rules[0].match.kubernetes.namespaces[0] | must not be empty",
            "{git: {services: [push]}}                       | rules[0].match.git.services[0]         | unknown git service 'push'",
            "{git: {actions: [create, force]}}               | rules[0].match.git.actions[1]          | unknown ref action 'force'",
            "{http: {paths: ['/a/../b']}}                    | rules[0].match.http.paths[0]           | '.' or '..'",
            "{http: {paths: [api/**]}}                       | rules[0].match.http.paths[0]           | must start with '/'",
            "{http: {methods: ['GET /']}}                    | rules[0].match.http.methods[0]         | HTTP method",
            "{http: {headers: {'bad header': x}}}            | rules[0].match.http.headers[\"bad header\"] | not a valid header name",
            "{http: {query: {force: ''}}}                    | rules[0].match.http.query.force        | must not be empty",
            "{ssh: {requests: [exec, x11]}}                  | rules[0].match.ssh.requests[1]         | unknown SSH request 'x11'",
            "{ssh: {files: [read, chmod]}}                   | rules[0].match.ssh.files[1]            | unknown file operation 'chmod'",
            "{ssh: {paths: ['']}}                            | rules[0].match.ssh.paths[0]            | must not be empty",
            "{ssh: {commands: ['']}}                         | rules[0].match.ssh.commands[0]         | must not be empty",
    })
    void matchRules(String match, String field, String message) {
        assertThat(single(withRules("- id: r\n  match: " + match + "\n  action: deny"), 8, field).message())
                .contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{sub: ''}                  | rules[0].subject.sub       | must not be empty",
            "{issuers: ['']}            | rules[0].subject.issuers[0] | must not be empty",
            "{groups: [' ']}            | rules[0].subject.groups[0] | must not be empty",
            "{claims: {repository: ''}} | rules[0].subject.claims.repository | must not be empty",
    })
    void subjectRules(String subject, String field, String message) {
        assertThat(single(withRules("- id: r\n  subject: " + subject + "\n  action: allow"), 8, field).message())
                .contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{approvals: 0}           | rules[0].review.approvals | between 1 and 10",
            "{approvals: 11}          | rules[0].review.approvals | between 1 and 10",
            "{expiry: 30s}            | rules[0].review.expiry    | between 1m and 24h, not 30s",
            "{expiry: 25h}            | rules[0].review.expiry    | between 1m and 24h",
            "{expiry: 10}             | rules[0].review.expiry    | must be a duration",
            "{expiry: 10 minutes}     | rules[0].review.expiry    | must be a duration",
            "{reviewers: 'a b'}       | rules[0].review.reviewers | one group name",
    })
    void reviewRules(String review, String field, String message) {
        assertThat(single(withRules("- id: r\n  action: review\n  review: " + review), 9, field).message())
                .contains(message);
    }

    @Test
    void reviewSettingsOnlyBelongToReviewRulesWhichAreNeverAsync() {
        single(withRules("- {id: r, action: allow, review: {approvals: 2}}"), 7, "rules[0].review");
        single(withRules("- {id: r, action: review, audit: async}"), 7, "rules[0].audit");
    }

    @Test
    void bodyOnReadAndWebSocketPermitsBelongToRulesThatLetRequestsThroughAndNeedTheirMethod() {
        assertThat(single(withRules("- {id: r, match: {http: {websocket: true}}, action: deny}"), 7,
                "rules[0].match.http").message()).contains("only for action allow or review");
        assertThat(single(withRules("- {id: r, match: {http: {methods: [POST], websocket: true}}, action: allow}"), 7,
                "rules[0].match.http.websocket").message()).contains("GET");
        assertThat(single(withRules("- {id: r, match: {http: {methods: [PUT], bodyOnRead: true}}, action: review}"), 7,
                "rules[0].match.http.bodyOnRead").message()).contains("GET and HEAD");
        PolicyYaml.PARSER.parse(withRules("- {id: r, match: {http: {methods: [get], bodyOnRead: true, websocket: true}}, "
                + "action: allow}"));
    }

    @Test
    void badEnumValuesListTheChoices() {
        List<PolicyError> errors = errors(withRules("""
                - id: r
                  action: permit
                  audit: later
                  masking: {style: blur, detectors: ['']}"""));

        assertThat(has(errors, 8, "rules[0].action").message()).isEqualTo("must be one of allow, deny, review");
        assertThat(has(errors, 9, "rules[0].audit").message()).isEqualTo("must be one of write-ahead, async");
        assertThat(has(errors, 10, "rules[0].masking.style").message()).contains("redact, partial, hash");
        assertThat(has(errors, 10, "rules[0].masking.detectors[0]").message()).startsWith("unknown masking detector ''");
        assertThat(errors).hasSize(4);
    }

    @Test
    void aMisspelledMaskingDetectorIsRefusedNotSilentlyIgnored() {
        PolicyError error = single(withRules("""
                - id: r
                  action: allow
                  masking: {detectors: [secrets, aws-keys]}"""), 9, "rules[0].masking.detectors[1]");

        assertThat(error.message()).startsWith("unknown masking detector 'aws-keys'").contains("aws-access-key");
    }

    @Test
    void credentialFamiliesAndFormatsAreNamedLikeDetectorsAndAMisspelledFamilyIsRefused() {
        assertThatCode(() -> PARSER.parse(withRules("""
                - id: r
                  action: allow
                  masking: {detectors: [ai-providers, cloud, package-registries, anthropic-api-key, npm-token, pii]}""")))
                .doesNotThrowAnyException();

        PolicyError error = single(withRules("""
                - id: r
                  action: allow
                  masking: {detectors: [ai-provider]}"""), 9, "rules[0].masking.detectors[0]");
        assertThat(error.message()).startsWith("unknown masking detector 'ai-provider'").contains("ai-providers");
    }

    @Test
    void valuesOfTheWrongShape() {
        assertThat(single("apiVersion: gatehouse.dev/v1\nrules: {id: x}\n", 2, "rules").message()).isEqualTo("must be a list");
        assertThat(single(withRules("- {id: r, action: deny, connections: orders-db}"), 7, "rules[0].connections")
                .message()).isEqualTo("must be a list");
        assertThat(single(withRules("- {id: r, action: deny, match: {sql: {withoutWhere: maybe}}}"), 7,
                "rules[0].match.sql.withoutWhere").message()).isEqualTo("cannot read 'maybe' as true or false");
        assertThat(single(withRules("- {id: r, action: deny, priority: high}"), 7, "rules[0].priority").message())
                .contains("whole number");
        assertThat(single(withRules("- {id: r, action: deny, priority: 99999999999}"), 7, "rules[0].priority").message())
                .isEqualTo("is a number out of range");
        assertThat(single("apiVersion: gatehouse.dev/v1\nconnections: [orders-db]\n", 2, "connections[0]").message())
                .isEqualTo("must be a mapping");
    }

    @Test
    void reportsEveryProblemInDocumentOrderAndTheDetailNamesTheFirst() {
        String yaml = withRules("""
                - {id: Bad_Id, action: allow}
                - {id: r2, action: deny, match: {sql: {kinds: [nope]}}}
                - {id: r3, subject: {condition: 'claims.x =='}, action: deny}""");

        InvalidPolicy invalid = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidPolicy.class,
                () -> PolicyYaml.PARSER.parse(yaml));

        assertThat(invalid.errors()).extracting(PolicyError::line).containsExactly(7, 8, 9);
        assertThat(invalid.getBody().getDetail()).startsWith("line 7, rules[0].id: must match").endsWith("(and 2 more, see errors)");
        assertThat(invalid.getBody().getProperties()).containsKey("errors");
        assertThat(invalid.getStatusCode().value()).isEqualTo(400);
    }
}
