package dev.gatehouse.policy.document;

import java.util.List;

/**
 * One policy version as its author wrote it (YAML, see the README and {@code policy-schema.json}):
 * the connections it governs and the rules over them. Immutable and already validated once a
 * {@link PolicyDocumentParser} returns it.
 *
 * @param onUnparsed what SQL that does not parse gets: {@code DENY} or {@code REVIEW}, never allow
 */
public record PolicyDocument(String apiVersion, Action onUnparsed, Defaults defaults,
                             List<ConnectionSpec> connections, List<RuleSpec> rules) {

    public static final String API_VERSION = "gatehouse.dev/v1";

    public PolicyDocument {
        onUnparsed = onUnparsed == null ? Action.REVIEW : onUnparsed;
        defaults = defaults == null ? Defaults.NONE : defaults;
        connections = connections == null ? List.of() : List.copyOf(connections);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public static PolicyDocument empty() {
        return new PolicyDocument(API_VERSION, Action.REVIEW, Defaults.NONE, List.of(), List.of());
    }
}
