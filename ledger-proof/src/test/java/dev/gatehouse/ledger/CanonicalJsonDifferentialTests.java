package dev.gatehouse.ledger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical writer against its slower original on random documents: any byte apart would change a leaf hash. */
class CanonicalJsonDifferentialTests {

    private static final long SEED = Long.getLong("gatehouse.fuzz.seed", 20_261_207L);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void randomDocumentsAreWrittenByteForByteAsBefore() {
        Random random = new Random(SEED);
        for (int i = 0; i < 5_000; i++) {
            JsonNode document = value(random, 0);
            assertThat(CanonicalJson.string(document)).as("document %d, seed %d", i, SEED)
                    .isEqualTo(CanonicalJsonReference.string(document));
        }
    }

    @Test
    void theEdgesOfNumbersAndEscapesAsBefore() {
        for (String json : new String[] {"[0,-0,0.0,-0.0,1.0,1.50,1e3,1E-7,-2.5e-3,9223372036854775807,-9223372036854775808,"
                + "9223372036854775808,123456789012345678901234567890,1e400,0.1,100,-100.00]",
                "{\"\\u0000\\u001f\\u007f\\\\\\\"/\":\"\\b\\f\\n\\r\\t\\u0010\\u00ff\\uD83D\\uDE00\\uDBFF\"}"}) {
            JsonNode document = LeafHash.JSON.readTree(json);
            assertThat(CanonicalJson.string(document)).as(json).isEqualTo(CanonicalJsonReference.string(document));
        }
    }

    private static JsonNode value(Random random, int depth) {
        int kind = depth > 3 ? 3 + random.nextInt(5) : random.nextInt(8);
        return switch (kind) {
            case 0, 1 -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(8); i > 0; i--) {
                    object.set(text(random), value(random, depth + 1));
                }
                yield object;
            }
            case 2 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(6); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
            case 3, 4 -> NODES.stringNode(text(random));
            case 5 -> switch (random.nextInt(5)) {
                case 0 -> NODES.numberNode(random.nextInt());
                case 1 -> NODES.numberNode(random.nextLong());
                case 2 -> NODES.numberNode(new BigInteger(100, random).negate());
                case 3 -> NODES.numberNode(new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(20) - 10));
                default -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(20) - 10));
            };
            case 6 -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.nullNode();
        };
    }

    /** Short strings over ASCII, control characters, quotes, backslashes, Latin-1, CJK and (lone) surrogates. */
    private static String text(Random random) {
        char[] alphabet = {'a', 'b', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u0001', '\u001f', '\u007f',
                '\u00e9', '\u4e2d', '\uD83D', '\uDE00', '\uFFFF'};
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.append(random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
