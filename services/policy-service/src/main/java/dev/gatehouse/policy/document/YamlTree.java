package dev.gatehouse.policy.document;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Composes the YAML into snakeyaml-engine nodes (which carry line and column), then turns them into a
 * Jackson tree for binding while recording where every field path was written. Aliases are expanded
 * here under a budget, so an alias bomb stops at {@code maxNodes} instead of filling the heap.
 */
final class YamlTree {

    /** The document as a Jackson tree, and where each of its paths came from. */
    record Read(JsonNode root, SourceLocations locations) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DocumentLimits limits;
    private final Findings findings;
    private final SourceLocations locations = new SourceLocations();
    private int budget;

    private YamlTree(DocumentLimits limits, Findings findings) {
        this.limits = limits;
        this.findings = findings;
        this.budget = limits.maxNodes();
    }

    /** Empty when the text could not be composed; the reason is in {@code findings}. */
    static Optional<Read> read(String text, LoadSettings settings, DocumentLimits limits, Findings findings) {
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (YamlEngineException e) {
            YamlSettings.report(e, text, null, findings);
            return Optional.empty();
        }
        if (root.isEmpty()) {
            findings.addAt(1, 1, FieldPaths.ROOT, "the document is empty");
            return Optional.empty();
        }
        YamlTree tree = new YamlTree(limits, findings);
        tree.locations.put(FieldPaths.ROOT, YamlSettings.location(root.get().getStartMark()));
        try {
            return Optional.of(new Read(tree.convert(root.get(), FieldPaths.ROOT, 0), tree.locations));
        } catch (TooLarge e) {
            return Optional.empty();
        }
    }

    private JsonNode convert(Node node, String path, int depth) {
        if (node.isRecursive()) {
            SourceLocations.Location at = YamlSettings.location(node.getStartMark());
            findings.addAt(at.line(), at.column(), path, "an alias must not refer to the value it is part of");
            throw new TooLarge();
        }
        if (--budget < 0 || depth > limits.maxDepth()) {
            SourceLocations.Location at = YamlSettings.location(node.getStartMark());
            findings.addAt(at.line(), at.column(), path, budget < 0
                    ? "the document expands to more than " + limits.maxNodes() + " values (aliases?)"
                    : "nested deeper than " + limits.maxDepth() + " levels");
            throw new TooLarge();
        }
        return switch (node) {
            case MappingNode mapping -> mapping(mapping, path, depth);
            case SequenceNode sequence -> sequence(sequence, path, depth);
            case ScalarNode scalar -> scalar(scalar, path);
            default -> unsupported(node, path);
        };
    }

    private JsonNode mapping(MappingNode mapping, String path, int depth) {
        if (!Tag.MAP.equals(mapping.getTag())) {
            return unsupported(mapping, path);
        }
        ObjectNode object = NODES.objectNode();
        Map<String, Integer> firstLines = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            SourceLocations.Location at = YamlSettings.location(tuple.getKeyNode().getStartMark());
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                findings.addAt(at.line(), at.column(), path, "keys must be plain text");
                continue;
            }
            String key = keyNode.getValue();
            String child = FieldPaths.key(path, key);
            Integer first = firstLines.putIfAbsent(key, at.line());
            if (first != null) {
                findings.addAt(at.line(), at.column(), child, "duplicate key '" + key + "' (first on line " + first + ")");
                continue;
            }
            locations.put(child, at);
            object.set(key, convert(tuple.getValueNode(), child, depth + 1));
        }
        return object;
    }

    private JsonNode sequence(SequenceNode sequence, String path, int depth) {
        if (!Tag.SEQ.equals(sequence.getTag())) {
            return unsupported(sequence, path);
        }
        ArrayNode array = NODES.arrayNode();
        int index = 0;
        for (Node element : sequence.getValue()) {
            String child = FieldPaths.index(path, index++);
            locations.put(child, YamlSettings.location(element.getStartMark()));
            array.add(convert(element, child, depth + 1));
        }
        return array;
    }

    /** Scalars keep the type the YAML 1.2 core schema gives them; Jackson coerces where a field needs text. */
    private JsonNode scalar(ScalarNode scalar, String path) {
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        try {
            if (Tag.STR.equals(tag)) {
                return NODES.stringNode(value);
            } else if (Tag.NULL.equals(tag)) {
                return NODES.nullNode();
            } else if (Tag.BOOL.equals(tag)) {
                return NODES.booleanNode(value.equalsIgnoreCase("true"));
            } else if (Tag.INT.equals(tag)) {
                return integer(value);
            } else if (Tag.FLOAT.equals(tag)) {
                return NODES.numberNode(floating(value));
            }
        } catch (NumberFormatException e) {
            // an explicit !!int on text that is no number: reported below like any unusable tag
        }
        return unsupported(scalar, path);
    }

    private JsonNode unsupported(Node node, String path) {
        SourceLocations.Location at = YamlSettings.location(node.getStartMark());
        findings.addAt(at.line(), at.column(), path, "unsupported YAML tag " + node.getTag().getValue());
        return NODES.nullNode();
    }

    private static JsonNode integer(String text) {
        String value = text.replace("_", "");
        boolean negative = value.startsWith("-");
        String digits = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
        BigInteger number = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16)
                : digits.startsWith("0o") ? new BigInteger(digits.substring(2), 8)
                : new BigInteger(digits);
        number = negative ? number.negate() : number;
        return number.bitLength() < 32 ? NODES.numberNode(number.intValue())
                : number.bitLength() < 64 ? NODES.numberNode(number.longValue()) : NODES.numberNode(number);
    }

    private static double floating(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }

    /** Unwinds the conversion once a limit is hit; the finding has been recorded. */
    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}
