package dev.gatehouse.policy.document;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** The semantic checks that follow binding; every problem goes to {@link Findings} with its field path. */
final class DocumentValidator {

    private DocumentValidator() {
    }

    static void validate(PolicyDocument document, Findings findings) {
        Checks checks = new Checks(findings);
        if (document.apiVersion() == null) {
            checks.fail("apiVersion", "required: " + PolicyDocument.API_VERSION);
        } else if (!PolicyDocument.API_VERSION.equals(document.apiVersion())) {
            checks.fail("apiVersion", "must be " + PolicyDocument.API_VERSION);
        }
        if (document.onUnparsed() == Action.ALLOW) {
            checks.fail("onUnparsed", "must be deny or review: SQL that cannot be read is never allowed");
        }
        BlockValidator blocks = new BlockValidator(checks);
        blocks.masking("defaults.masking", document.defaults().masking());
        blocks.review("defaults.review", document.defaults().review());
        new ConnectionValidator(checks).validate(document.connections());
        Set<String> names = document.connections().stream().map(ConnectionSpec::name).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        new RuleValidator(checks).validate(document.rules(), names);
    }
}
