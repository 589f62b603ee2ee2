package dev.gatehouse.policy.document;

import dev.gatehouse.model.ReviewSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Prepares the tree for binding: refuses empty list entries and map values (the records' immutable
 * copies cannot hold them), brings names to one spelling (HTTP methods upper-case, header names
 * lower-case, SQL kinds, verbs and git names to their lower-case-with-dashes form), and completes each
 * {@code review} block field by field from {@code defaults.review}, then from the built-in defaults.
 */
final class TreeNormalizer {

    /** Fields whose value is a free-form map of text to text. */
    private static final Set<String> TEXT_MAPS = Set.of("settings", "claims", "headers", "query");

    private final Findings findings;

    private TreeNormalizer(Findings findings) {
        this.findings = findings;
    }

    static void normalize(ObjectNode root, Findings findings) {
        TreeNormalizer normalizer = new TreeNormalizer(findings);
        normalizer.dropEmptyEntries(root, FieldPaths.ROOT, false);
        ObjectNode defaults = root.get("defaults") instanceof ObjectNode d ? d : null;
        ObjectNode base = normalizer.completeReview(defaults, "defaults", builtInReview());
        if (root.get("rules") instanceof ArrayNode rules) {
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i) instanceof ObjectNode rule) {
                    String path = FieldPaths.index("rules", i);
                    normalizer.completeReview(rule, path, base);
                    if (rule.get("match") instanceof ObjectNode match) {
                        normalizer.names(match, FieldPaths.key(path, "match"));
                    }
                }
            }
        }
    }

    private void dropEmptyEntries(JsonNode node, String path, boolean textMap) {
        if (node instanceof ObjectNode object) {
            List<String> empty = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                String child = FieldPaths.key(path, entry.getKey());
                if (entry.getValue().isNull() && textMap) {
                    findings.add(child, "needs a value");
                    empty.add(entry.getKey());
                } else {
                    dropEmptyEntries(entry.getValue(), child, TEXT_MAPS.contains(entry.getKey()) && !textMap);
                }
            }
            object.remove(empty);
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (array.get(i).isNull()) {
                    findings.add(FieldPaths.index(path, i), "empty list entry");
                    array.remove(i);
                }
            }
            for (int i = 0; i < array.size(); i++) {
                dropEmptyEntries(array.get(i), FieldPaths.index(path, i), false);
            }
        }
    }

    private ObjectNode completeReview(ObjectNode owner, String ownerPath, ObjectNode base) {
        if (owner == null || !(owner.get("review") instanceof ObjectNode review)) {
            return base;
        }
        for (String field : List.of("reviewers", "approvals", "expiry", "window", "notify")) {
            if (review.get(field) == null || review.get(field).isNull()) {
                review.set(field, base.get(field));
            }
        }
        JsonNode approvals = review.get("approvals");
        if (approvals.isIntegralNumber() && approvals.asLong() < 1) {
            // ReviewSettings refuses this in its constructor, which would stop binding altogether.
            findings.add(FieldPaths.key(FieldPaths.key(ownerPath, "review"), "approvals"), "must be between 1 and 10");
            review.put("approvals", 1);
        }
        return review;
    }

    private void names(ObjectNode match, String path) {
        rewrite(match, "http", "methods", value -> value.toUpperCase(Locale.ROOT));
        rewrite(match, "sql", "kinds", TreeNormalizer::canonical);
        rewrite(match, "kubernetes", "verbs", TreeNormalizer::canonical);
        rewrite(match, "git", "services", TreeNormalizer::canonical);
        rewrite(match, "git", "actions", TreeNormalizer::canonical);
        if (match.get("http") instanceof ObjectNode http && http.get("headers") instanceof ObjectNode headers) {
            ObjectNode lowered = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> header : headers.properties()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (lowered.has(name)) {
                    findings.add(FieldPaths.key(FieldPaths.key(FieldPaths.key(path, "http"), "headers"), header.getKey()),
                            "header '" + name + "' is named twice (header names ignore case)");
                }
                lowered.set(name, header.getValue());
            }
            http.set("headers", lowered);
        }
    }

    private static void rewrite(ObjectNode match, String section, String field, UnaryOperator<String> how) {
        if (match.get(section) instanceof ObjectNode block && block.get(field) instanceof ArrayNode values) {
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isString()) {
                    values.set(i, JsonNodeFactory.instance.stringNode(how.apply(values.get(i).stringValue())));
                }
            }
        }
    }

    /**
     * {@code COPY_PROGRAM} → {@code copy-program}: the constant's own spelling is accepted like enums are;
     * any other spelling ({@code Copy-Program}, {@code copy_program}) stays as written and fails validation.
     */
    static String canonical(String value) {
        return value.indexOf('-') < 0 && value.equals(value.toUpperCase(Locale.ROOT))
                ? value.toLowerCase(Locale.ROOT).replace('_', '-') : value;
    }

    private static ObjectNode builtInReview() {
        ReviewSettings review = ReviewSettings.DEFAULT;
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("reviewers", review.reviewers());
        node.put("approvals", review.approvals());
        node.put("expiry", review.expiry().toString());
        node.put("window", review.window().toString());
        node.putArray("notify");
        return node;
    }
}
