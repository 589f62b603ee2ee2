package dev.gatehouse.policy.document;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.MaskingDirectives.MaskingStyle;
import dev.gatehouse.model.MaskingDirectives.OversizeAction;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.ReviewSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.policy.document.PolicyYaml.PARSER;
import static dev.gatehouse.policy.document.PolicyYaml.resource;
import static dev.gatehouse.policy.document.PolicyYaml.withRules;
import static org.assertj.core.api.Assertions.assertThat;

/** Documents that are valid, and what they bind to. */
class PolicyDocumentParserTests {

    @Test
    void readsTheDocumentedExample() {
        PolicyDocument document = PARSER.parse(resource("example.yaml"));

        assertThat(document.apiVersion()).isEqualTo(PolicyDocument.API_VERSION);
        assertThat(document.onUnparsed()).isEqualTo(Action.REVIEW);
        assertThat(document.defaults().audit()).isEqualTo(AuditMode.WRITE_AHEAD);
        assertThat(document.defaults().masking().detectors()).containsExactly("secrets", "pii");
        assertThat(document.defaults().review()).isEqualTo(ReviewSettings.DEFAULT);
        assertThat(document.connections()).extracting(ConnectionSpec::name, ConnectionSpec::type, ConnectionSpec::upstream)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders-db", Protocol.POSTGRES,
                                "postgresql://db.internal:5432/orders"),
                        org.assertj.core.groups.Tuple.tuple("demo-http", Protocol.HTTP, "http://localhost:8099"));
        assertThat(document.rules()).extracting(RuleSpec::id).containsExactly("release-reads",
                "no-unbounded-writes", "prod-drop-needs-review", "no-force-delete-main", "k8s-read", "api-get");

        RuleSpec reads = document.rules().getFirst();
        assertThat(reads.subject().issuers()).containsExactly("https://token.actions.githubusercontent.com");
        assertThat(reads.subject().sub()).isEqualTo("repo:acme/app:*");
        assertThat(reads.subject().claims()).containsExactly(Map.entry("repository_owner", "acme"));
        assertThat(reads.subject().condition()).startsWith("claims.repository == \"acme/app\"");
        assertThat(reads.match().sql().kinds()).containsExactly("select");
        assertThat(reads.match().sql().tables()).containsExactly("public.*");
        assertThat(reads.action()).isEqualTo(Action.ALLOW);
        assertThat(reads.audit()).isEqualTo(AuditMode.ASYNC);
        assertThat(reads.masking().columns()).containsExactly("email", "*_token");
        assertThat(reads.masking().style()).isEqualTo(MaskingStyle.HASH);
        assertThat(reads.priority()).isEqualTo(RuleSpec.DEFAULT_PRIORITY);
        assertThat(reads.review()).as("absent blocks stay absent; defaults apply when compiled").isNull();

        assertThat(document.rules().get(1).match().sql().withoutWhere()).isTrue();
        assertThat(document.rules().get(2).review()).isEqualTo(new ReviewSettings("dba", 2, Duration.ofMinutes(30)));
        assertThat(document.rules().get(3).connections()).containsExactly("repo-*");
        assertThat(document.rules().get(3).match().git().actions()).containsExactly("delete");
        assertThat(document.rules().get(4).connections()).as("no connections means all").containsExactly("*");
        assertThat(document.rules().get(5).match().http().headers()).containsExactly(Map.entry("x-dry-run", "true"));
        assertThat(document.rules().get(5).match().http().query()).containsExactly(Map.entry("force", "false"));
    }

    @Test
    void acceptsEnumsWrittenAsTheirConstantsAndNormalisesNames() {
        PolicyDocument document = PARSER.parse(resource("upper-case.yaml"));

        assertThat(document.onUnparsed()).isEqualTo(Action.DENY);
        assertThat(document.defaults().masking().oversize()).isEqualTo(OversizeAction.PASS);
        assertThat(document.defaults().masking().style()).isEqualTo(MaskingStyle.PARTIAL);
        assertThat(document.connections()).extracting(ConnectionSpec::type)
                .containsExactly(Protocol.KUBERNETES, Protocol.GIT, Protocol.POSTGRES);
        assertThat(document.connections().get(2).settings()).containsEntry("sslmode", "verify-full");
        assertThat(document.rules().get(0).match().kubernetes().groups()).containsExactly("");
        assertThat(document.rules().get(1).match().git().services()).containsExactly("receive-pack");
        assertThat(document.rules().get(1).match().git().actions()).containsExactly("create", "update");
        assertThat(document.rules().get(1).priority()).isEqualTo(10);
        assertThat(document.rules().get(2).match().sql().kinds()).containsExactly("copy-program", "copy-program");
    }

    @Test
    void completesAPartialReviewBlockFromTheDefaultsThenTheBuiltInValues() {
        PolicyDocument document = PARSER.parse(resource("upper-case.yaml"));

        assertThat(document.defaults().review()).isEqualTo(new ReviewSettings("ops", 3, Duration.ofHours(1)));
        assertThat(document.rules().getFirst().review()).isEqualTo(new ReviewSettings("ops", 2, Duration.ofHours(1)));

        PolicyDocument bare = PARSER.parse(withRules("""
                - {id: r, action: review, review: {reviewers: dba}}"""));
        assertThat(bare.rules().getFirst().review()).isEqualTo(new ReviewSettings("dba", 1, Duration.ofMinutes(10)));
    }

    @Test
    void readsAReuseWindowAndNotificationChannelsForReviews() {
        PolicyDocument document = PARSER.parse(withRules("""
                - {id: r, action: review, review: {reviewers: dba, window: 15m, notify: [slack-dba, audit-hook]}}"""));

        ReviewSettings review = document.rules().getFirst().review();
        assertThat(review.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(review.oneTime()).isFalse();
        assertThat(review.channels()).containsExactly("slack-dba", "audit-hook");
    }

    @Test
    void refusesANotificationChannelThatIsNotAName() {
        assertThat(PolicyYaml.errors(withRules("""
                - {id: r, action: review, review: {notify: ["https://hooks.slack.com/x"]}}""")))
                .extracting(PolicyError::field).containsExactly("rules[0].review.notify[0]");
    }

    @Test
    void upperCasesMethodsAndLowerCasesHeaderNames() {
        PolicyDocument document = PARSER.parse(withRules("""
                - id: r
                  match: {http: {methods: [get, Post], headers: {X-Dry-Run: "true"}}}
                  action: allow"""));

        OperationMatch.Http http = document.rules().getFirst().match().http();
        assertThat(http.methods()).containsExactly("GET", "POST");
        assertThat(http.headers()).containsExactly(Map.entry("x-dry-run", "true"));
    }

    @Test
    void readsDurationsInShortAndIsoForm() {
        for (var form : Map.of("30m", Duration.ofMinutes(30), "1h", Duration.ofHours(1), "90s", Duration.ofSeconds(90),
                "PT10M", Duration.ofMinutes(10), "1h30m", Duration.ofMinutes(90)).entrySet()) {
            PolicyDocument document = PARSER.parse(withRules("- {id: r, action: review, review: {expiry: " + form.getKey() + "}}"));
            assertThat(document.rules().getFirst().review().expiry()).as(form.getKey()).isEqualTo(form.getValue());
        }
    }

    @Test
    void keepsYamlOnePointTwoScalarsAsText() {
        PolicyDocument document = PARSER.parse(withRules("""
                - id: r
                  subject: {claims: {ref_protected: true, run_attempt: 1, country: no, flag: on}}
                  action: allow"""));

        assertThat(document.rules().getFirst().subject().claims()).containsEntry("ref_protected", "true")
                .containsEntry("run_attempt", "1").containsEntry("country", "no").containsEntry("flag", "on");
    }

    @Test
    void expandsAliasesWithinTheLimit() {
        PolicyDocument document = PARSER.parse(withRules("""
                - {id: a, connections: &dbs [orders-db], action: allow}
                - {id: b, connections: *dbs, action: deny}"""));

        assertThat(document.rules()).extracting(RuleSpec::connections)
                .containsExactly(List.of("orders-db"), List.of("orders-db"));
    }

    @Test
    void anEmptyRuleListIsAValidPolicyThatDeniesEverything() {
        PolicyDocument document = PARSER.parse("apiVersion: gatehouse.dev/v1\n");

        assertThat(document.rules()).isEmpty();
        assertThat(document.connections()).isEmpty();
        assertThat(document.onUnparsed()).isEqualTo(Action.REVIEW);
    }
}
