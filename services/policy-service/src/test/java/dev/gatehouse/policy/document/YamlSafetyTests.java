package dev.gatehouse.policy.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.unit.DataSize;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.gatehouse.policy.document.PolicyYaml.errors;
import static dev.gatehouse.policy.document.PolicyYaml.single;
import static dev.gatehouse.policy.document.PolicyYaml.withRules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Text that is not YAML, or YAML built to hurt: always a located error, never a crash or a hang. */
class YamlSafetyTests {

    @Test
    void wrongIndentationNamesTheLineAndWhereTheParserWas() {
        PolicyError error = single(withRules("""
                - id: r
                  action: allow
                 match: {}"""), 9, "rules");
        assertThat(error.column()).isEqualTo(4);
        assertThat(error.message()).contains("expected <block end>");

        single(withRules("""
                - id: r
                  subject:
                    sub: x
                   claims: {a: b}"""), 10, "rules[0]");
    }

    @Test
    void anUnterminatedQuoteNamesTheFieldBeingRead() {
        List<PolicyError> errors = errors(withRules("""
                - id: r
                  subject: {condition: 'claims.x == "a"}
                  action: allow"""));

        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().field()).isEqualTo("rules[0].subject.condition");
        assertThat(errors.getFirst().message()).contains("quoted scalar");
    }

    @Test
    void tabsAreNotIndentation() {
        assertThat(errors("apiVersion: gatehouse.dev/v1\nrules:\n\t- id: r\n").getFirst().line()).isEqualTo(3);
    }

    @Test
    void duplicateKeysAreRefusedNotSilentlyOverwritten() {
        PolicyError error = single(withRules("""
                - id: r
                  action: deny
                  action: allow"""), 9, "rules[0].action");

        assertThat(error.message()).isEqualTo("duplicate key 'action' (first on line 8)");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aBillionLaughsIsRefusedQuickly() {
        StringBuilder yaml = new StringBuilder("apiVersion: gatehouse.dev/v1\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("x").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
        }

        // x1..x5 hold 45 aliases; the 51st is the sixth element of x6, on line 8.
        PolicyError error = single(yaml.toString(), 8, "x6[5]");

        assertThat(error.message()).isEqualTo("more than 50 aliases");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void fewAliasesThatExpandToTooMuchAreRefused() {
        PolicyDocumentParser parser = new PolicyDocumentParser(new DocumentLimits(DataSize.ofMegabytes(1), 50, 32, 10_000));
        String wide = String.join(", ", java.util.Collections.nCopies(2_000, "x"));
        String yaml = "apiVersion: gatehouse.dev/v1\na: &w [" + wide + "]\nb: [*w, *w, *w, *w, *w, *w, *w, *w]\n";

        assertThatExceptionOfType(InvalidPolicy.class).isThrownBy(() -> parser.parse(yaml))
                .satisfies(e -> assertThat(e.errors().getFirst().message()).contains("more than 10000 values"));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void deepNestingIsRefusedWithoutRecursion() {
        String yaml = "apiVersion: gatehouse.dev/v1\nrules: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";

        PolicyError error = errors(yaml).getFirst();

        assertThat(error.line()).isEqualTo(2);
        assertThat(error.message()).contains("nested deeper than 32 levels");
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefusedBeforeParsing() {
        PolicyDocumentParser parser = new PolicyDocumentParser(new DocumentLimits(DataSize.ofKilobytes(1), 50, 32, 1_000));
        String yaml = "apiVersion: gatehouse.dev/v1\n# " + "x".repeat(2_000) + "\n";

        assertThatExceptionOfType(InvalidPolicy.class).isThrownBy(() -> parser.parse(yaml))
                .satisfies(e -> assertThat(e.errors().getFirst().message()).isEqualTo("the document is larger than 1024B"));
    }

    @Test
    void controlCharactersAreLocated() {
        assertThat(errors("apiVersion: gatehouse.dev/v1\nrules: []\nx: \u0007\n").getFirst())
                .satisfies(e -> assertThat(e.line()).isEqualTo(3))
                .satisfies(e -> assertThat(e.message()).contains("U+0007"));
    }

    @Test
    void customTagsAreRefused() {
        assertThat(single("apiVersion: !!binary Z2F0ZWhvdXNl\n", 1, "apiVersion").message()).contains("unsupported YAML tag");
        assertThat(single("apiVersion: gatehouse.dev/v1\nrules: !java.util.ArrayList []\n", 2, "rules").message())
                .contains("unsupported YAML tag");
    }

    @Test
    void emptyEntriesAreErrorsNotCrashes() {
        single(withRules("- {id: r, action: deny, connections: [orders-db, ~]}"), 7, "rules[0].connections[1]");
        single(withRules("- {id: r, action: deny, subject: {claims: {repository: }}}"), 7, "rules[0].subject.claims.repository");
        single(withRules("-\n- {id: r, action: deny}"), 7, "rules[0]");
    }

    @Test
    void emptyOrNonMappingDocuments() {
        assertThat(single("", 1, "").message()).isEqualTo("the document is empty");
        assertThat(single("# only a comment\n", 1, "").message()).isEqualTo("the document is empty");
        assertThat(single("- a\n- b\n", 1, "").message()).contains("is a mapping");
        assertThat(single("just text", 1, "").message()).contains("is a mapping");
    }

    @Test
    void onlyOneDocumentPerText() {
        assertThat(errors("apiVersion: gatehouse.dev/v1\n---\napiVersion: gatehouse.dev/v1\n").getFirst().line()).isEqualTo(2);
    }

    @Test
    void selfReferencingAliasesAndUndefinedAliasesAreRefused() {
        assertThat(single("apiVersion: gatehouse.dev/v1\na: &a [*a]\n", 2, "a").message()).contains("refer to the value");
        assertThat(errors("apiVersion: gatehouse.dev/v1\nrules: *nope\n").getFirst().message()).contains("undefined alias");
    }

    @Test
    void complexKeysAreRefused() {
        assertThat(errors("apiVersion: gatehouse.dev/v1\n? [a, b]\n: c\n").getFirst().line()).isEqualTo(2);
    }
}
